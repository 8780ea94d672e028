// 公示名单: the applications now on public notice in the user's area, names with masked ID
// numbers, ready to print and post on the community board.
import { useEffect, useState } from 'react';
import { Button } from 'antd';
import { get } from '../../api.js';
import { useAuth } from '../../auth.js';
import './print.css';

interface Row {
  id: number;
  elderName: string;
  idMasked: string;
  regionName: string;
  programmeName: string;
  noticeFrom: string | null;
  noticeTo: string | null;
}

export function NoticeListPrint() {
  const { me } = useAuth();
  const [rows, setRows] = useState<Row[] | null>(null);
  useEffect(() => {
    void get<{ items: Row[] }>('/api/applications', { state: 'in_notice', pageSize: 200 }).then((r) =>
      setRows(r.items),
    );
  }, []);
  if (!rows) return null;
  return (
    <>
      <div className="print-toolbar">
        <Button onClick={() => history.back()}>返回</Button>
        <Button type="primary" onClick={() => window.print()}>
          打印
        </Button>
      </div>
      <div className="print-page" data-testid="notice-list">
        <h1>{me?.region?.name}居家养老服务补贴申请公示名单</h1>
        <div className="sub">
          以下人员申请居家养老服务补贴，经入户调查，现予公示。公示期内如有异议，请向社区居委会实名反映。
        </div>
        <table>
          <thead>
            <tr>
              <th>序号</th>
              <th>姓名</th>
              <th>身份证号</th>
              <th>所属</th>
              <th>申请项目</th>
              <th>公示期</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={6} style={{ textAlign: 'center' }}>
                  目前没有公示中的申请
                </td>
              </tr>
            )}
            {rows.map((r, i) => (
              <tr key={r.id}>
                <td>{i + 1}</td>
                <td>{r.elderName}</td>
                <td>{r.idMasked}</td>
                <td>{r.regionName}</td>
                <td>{r.programmeName}</td>
                <td>
                  {r.noticeFrom} 至 {r.noticeTo}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="sign">{me?.region?.name}（盖章）　　年　　月　　日</div>
      </div>
    </>
  );
}
