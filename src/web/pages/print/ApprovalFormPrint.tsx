// 申请审批表: one application with the elder's particulars and every level's opinion, for the file.
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { Button } from 'antd';
import { get } from '../../api.js';
import { formatLocalTime } from '../../../core/local-time.js';
import { SEX_LABELS } from '../../../shared/elder-labels.js';
import { ACTION_LABELS, STATE_LABELS } from '../applications/app-labels.js';
import './print.css';

interface Step {
  action: keyof typeof ACTION_LABELS;
  actorName: string;
  opinion: string;
  at: string;
}
interface Detail {
  id: number;
  elderId: number;
  elderName: string;
  idMasked: string;
  regionName: string;
  programmeName: string;
  state: keyof typeof STATE_LABELS;
  submittedOn: string;
  noticeFrom: string | null;
  noticeTo: string | null;
  effectiveFrom: string | null;
  steps: Step[];
}
interface Elder {
  sex: 'M' | 'F';
  age: number;
  address: string;
  phoneMasked: string | null;
}

export function ApprovalFormPrint() {
  const id = Number(useParams().id);
  const [d, setD] = useState<Detail | null>(null);
  const [e, setE] = useState<Elder | null>(null);
  useEffect(() => {
    void get<Detail>(`/api/applications/${id}`).then(async (x) => {
      setD(x);
      setE(await get<Elder>(`/api/elders/${x.elderId}`));
    });
  }, [id]);
  if (!d || !e) return null;
  return (
    <>
      <div className="print-toolbar">
        <Button onClick={() => history.back()}>返回</Button>
        <Button type="primary" onClick={() => window.print()}>
          打印
        </Button>
      </div>
      <div className="print-page" data-testid="approval-form">
        <h1>{d.programmeName}申请审批表</h1>
        <div className="sub">
          编号 {d.id}　受理日期 {d.submittedOn}　当前环节 {STATE_LABELS[d.state]}
        </div>
        <table>
          <tbody>
            <tr>
              <th>姓名</th>
              <td>{d.elderName}</td>
              <th>性别</th>
              <td>{SEX_LABELS[e.sex]}</td>
              <th>年龄</th>
              <td>{e.age}</td>
            </tr>
            <tr>
              <th>身份证号</th>
              <td colSpan={2}>{d.idMasked}</td>
              <th>电话</th>
              <td colSpan={2}>{e.phoneMasked ?? ''}</td>
            </tr>
            <tr>
              <th>所属</th>
              <td colSpan={2}>{d.regionName}</td>
              <th>住址</th>
              <td colSpan={2}>{e.address}</td>
            </tr>
            <tr>
              <th>公示期</th>
              <td colSpan={2}>{d.noticeFrom ? `${d.noticeFrom} 至 ${d.noticeTo}` : ''}</td>
              <th>生效日期</th>
              <td colSpan={2}>{d.effectiveFrom ?? ''}</td>
            </tr>
            {d.steps.map((s, i) => (
              <tr key={i}>
                <th>{ACTION_LABELS[s.action]}</th>
                <td colSpan={5}>
                  {s.opinion}
                  <div className="sign">
                    经办人：{s.actorName}　{formatLocalTime(new Date(s.at))}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
