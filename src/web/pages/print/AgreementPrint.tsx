// 分散供养协议: the four-party agreement of a 特困 elder supported at home, for signing, with the
// parties and clauses as 001 第二篇 (L74–L104) writes them.
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
  houseSqm: number | null;
  propertyNotes: string | null;
  signedOn: string;
  filedAt: string | null;
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
        <h1>特困人员（五保）分散供养协议书</h1>
        <div className="sub">（四方协议，条款依 001 第二篇）</div>
        <table>
          <tbody>
            <tr>
              <th>甲方</th>
              <td>{a.villagerGroup} 全体农户</td>
            </tr>
            <tr>
              <th>乙方（五保户）</th>
              <td>
                {d.elderName}　身份证号 {d.idMasked}　{d.regionName}
              </td>
            </tr>
            <tr>
              <th>丙方（监督责任方）</th>
              <td>{a.villageCommittee}</td>
            </tr>
            <tr>
              <th>丁方</th>
              <td>{a.townshipOffice}</td>
            </tr>
            {a.carer && (
              <tr>
                <th>照料人</th>
                <td>{a.carer}</td>
              </tr>
            )}
            <tr>
              <th>供养起始</th>
              <td>{d.effectiveFrom ?? ''}</td>
            </tr>
          </tbody>
        </table>
        <p>
          一、乙方无劳动能力，无生活来源，无法定赡养、抚养、扶养人或法定赡养、抚养、扶养人无赡养、抚养、扶养能力。经调查符合五保条件，甲乙丙丁四方一致同意乙方为五保。
        </p>
        <p>
          二、乙方的不动产（承包田地 {a.contractedLandMu} 亩、宅基地 {a.homesteadSqm} ㎡、房屋 {a.houseRooms} 间
          {a.houseSqm ?? '____'}{' '}
          ㎡）和私有财产归乙方本人所有，乙方可自耕自管或委托他人代耕代管，村组及他人不得无偿占有。如因需要而处置时须经乙方本人和丙方同意，村组及他人不得随意处置。如遇土地开发或租用时，乙方享有本村民组村民同等的经济利益。
          {a.propertyNotes ? `（${a.propertyNotes}）` : ''}
        </p>
        <p>
          三、丙方负责乙方身份与条件的认定；乙方不动产的登记审核、监督，如乙方情况不实或乙方不动产的流失，责任由丙方承担。
        </p>
        <p>四、丁方负责对甲乙丙三方的监督、审核，确保政策待遇的落实，并报区民政局备案。</p>
        <p>五、此协议一式四份，甲、乙、丙、镇政府四方各执一份，自签字之日起生效。</p>
        <div className="sign">甲方（所在组户代表签字盖章或按手印）　　乙方（签字或按手印）</div>
        <div className="sign">丙方（村书记、村主任）签字（村委会盖章）　　丁方（盖章）</div>
        <div className="sign">
          签订日期：{a.signedOn}
          {a.filedAt ? `　已报区民政局备案：${a.filedAt.slice(0, 10)}` : '　待报区民政局备案'}
        </div>
      </div>
    </>
  );
}
