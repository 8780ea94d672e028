// 分散供养协议: the four-party agreement of a 特困 elder supported at home, for signing.
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { Button } from 'antd';
import { get } from '../../api.js';
import './print.css';

interface Agreement {
  villagerGroup: string;
  villageCommittee: string;
  townshipOffice: string;
  carer: string | null;
  contractedLandMu: number;
  homesteadSqm: number;
  houseRooms: number;
  propertyNotes: string | null;
  signedOn: string;
}
interface Detail {
  elderName: string;
  idMasked: string;
  regionName: string;
  effectiveFrom: string | null;
  agreement: Agreement | null;
}

export function AgreementPrint() {
  const id = Number(useParams().id);
  const [d, setD] = useState<Detail | null>(null);
  useEffect(() => {
    void get<Detail>(`/api/applications/${id}`).then(setD);
  }, [id]);
  if (!d?.agreement) return null;
  const a = d.agreement;
  return (
    <>
      <div className="print-toolbar">
        <Button onClick={() => history.back()}>返回</Button>
        <Button type="primary" onClick={() => window.print()}>
          打印
        </Button>
      </div>
      <div className="print-page" data-testid="agreement">
        <h1>特困人员分散供养协议</h1>
        <div className="sub">（四方协议）</div>
        <table>
          <tbody>
            <tr>
              <th>甲方（村民小组）</th>
              <td>{a.villagerGroup}</td>
            </tr>
            <tr>
              <th>乙方（供养对象）</th>
              <td>
                {d.elderName}　身份证号 {d.idMasked}　{d.regionName}
              </td>
            </tr>
            <tr>
              <th>监督方（村居委会）</th>
              <td>{a.villageCommittee}</td>
            </tr>
            <tr>
              <th>丙方（乡镇民政办）</th>
              <td>{a.townshipOffice}</td>
            </tr>
            <tr>
              <th>照料人</th>
              <td>{a.carer ?? '—'}</td>
            </tr>
            <tr>
              <th>承包土地</th>
              <td>{a.contractedLandMu} 亩</td>
            </tr>
            <tr>
              <th>宅基地</th>
              <td>{a.homesteadSqm} 平方米</td>
            </tr>
            <tr>
              <th>住房</th>
              <td>{a.houseRooms} 间</td>
            </tr>
            <tr>
              <th>财产约定</th>
              <td>{a.propertyNotes ?? '承包土地、宅基地、房屋的所有权和使用权仍归供养对象本人'}</td>
            </tr>
            <tr>
              <th>供养起始</th>
              <td>{d.effectiveFrom ?? ''}</td>
            </tr>
          </tbody>
        </table>
        <p>
          甲方负责日常照料的组织与监督；乙方享受国家规定的特困人员供养待遇；监督方监督协议履行；丙方按月发放供养金并检查供养情况。本协议一式四份，各方各执一份。
        </p>
        <div className="sign">甲方（签章）　　乙方（签章）　　监督方（签章）　　丙方（签章）</div>
        <div className="sign">签订日期：{a.signedOn}</div>
      </div>
    </>
  );
}
