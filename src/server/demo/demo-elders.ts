// Demo elders: valid ID numbers, common Chinese names, ages skewed like a real population
// (most 60-79, some 90+, a few 100+), categories and flags in plausible proportions, contacts,
// health notes and, for some, an ability assessment. Deterministic for a given random source.
import { checkDigit } from '../../core/elders/idcard.js';
import { ITEMS, nextDueDate, scoreAssessment, STANDARD_ID } from '../../core/assessment/gb42195.js';
import type { ElderInput } from '../../shared/schemas/elders.js';
import type { Random } from '../../core/seeded-random.js';

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const MALE = '建国军民华明强伟志刚永福德成海林文斌平山忠兴荣贵生发亮金玉祥宝';
const FEMALE = '秀英桂兰玉梅淑珍凤芳兰花丽霞敏静琴翠云红芬春燕香娥素惠珍莲';
const CHRONIC = [
  '高血压',
  '糖尿病',
  '冠心病',
  '慢阻肺',
  '脑梗后遗症',
  '骨质疏松',
  '关节炎',
  '白内障',
  '帕金森病',
  '慢性胃炎',
];
const ALLERGIES = ['青霉素', '磺胺类', '海鲜', '花粉'];
const MEDS = ['硝苯地平缓释片', '二甲双胍', '阿司匹林肠溶片', '阿托伐他汀', '钙尔奇D', '布洛芬缓释胶囊'];
const RELATIONS = ['儿子', '女儿', '儿媳', '女婿', '侄子', '配偶'];
const STREETS = ['和平路', '建设街', '团结巷', '幸福里', '东风路', '光明巷', '友谊路', '胜利街'];

export interface DemoGrid {
  id: number;
  communityCode: string;
  lng: number;
  lat: number;
  village: boolean;
}

function age(r: Random): number {
  const x = r.next();
  if (x < 0.55) return r.int(60, 69);
  if (x < 0.85) return r.int(70, 79);
  if (x < 0.97) return r.int(80, 89);
  if (x < 0.997) return r.int(90, 99);
  return r.int(100, 104);
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const mobile = (r: Random) => `1${r.pick(['3', '5', '7', '8', '9'])}${pad(r.int(0, 999_999_999), 9)}`;

/** ageYears: the elder's age today, when the caller needs one (else drawn like a population's). */
export function demoElder(r: Random, grid: DemoGrid, seq: number, today: string, ageYears?: number): ElderInput {
  const male = r.next() < 0.46;
  const name =
    r.pick([...SURNAMES]) +
    r.pick([...(male ? MALE : FEMALE)]) +
    (r.next() < 0.7 ? r.pick([...(male ? MALE : FEMALE)]) : '');
  const a = ageYears ?? age(r);
  // Born 1 to 364 days before the a-th birthday falls today, so the age is exactly a.
  const [ty, tm, td] = today.split('-').map(Number);
  const birthDate = new Date(Date.UTC(ty - a, tm - 1, td) - r.int(1, 364) * 86_400_000).toISOString().slice(0, 10);
  const seqDigits = pad((seq % 499) * 2 + (male ? 1 : 2), 3);
  const first17 = `620102${birthDate.replaceAll('-', '')}${seqDigits}`;
  const idNumber = first17 + checkDigit(first17);
  const cats: ElderInput['categories'] = [];
  const x = r.next();
  if (x < 0.06)
    cats.push({
      type: 'dibao',
      certificateNo: `DB${pad(r.int(0, 9_999_999), 7)}`,
      validUntil: r.next() < 0.12 ? '2026-06-30' : '2027-12-31',
    });
  else if (x < 0.09) cats.push({ type: 'dibao_edge', certificateNo: `BY${pad(r.int(0, 999_999), 6)}` });
  else if (x < 0.095) cats.push({ type: 'sanwu' });
  if ((grid.village && r.next() < 0.05) || r.next() < 0.008)
    cats.push({ type: 'tekun', supportMode: r.next() < 0.3 ? 'concentrated' : 'dispersed' });
  if (r.next() < 0.02) cats.push({ type: 'youfu', certificateNo: `YF${pad(r.int(0, 99_999), 5)}` });
  if (r.next() < 0.01) cats.push({ type: 'honour', title: r.pick(['市级劳动模范', '三八红旗手', '见义勇为先进个人']) });
  if (r.next() < 0.01) cats.push({ type: 'expert', title: r.pick(['离退休高级工程师', '离任区人大代表']) });
  if (r.next() < 0.08 + (a >= 80 ? 0.08 : 0)) {
    cats.push({
      type: 'disability',
      certificateNo: `${first17.slice(0, 16)}${r.int(1, 4)}${r.int(1, 7)}`,
      disabilityGrade: r.pick([1, 2, 3, 4] as const),
      disabilityType: r.pick(['physical', 'vision', 'hearing', 'multiple'] as const),
    });
  }
  const flags: ElderInput['livingFlags'] = [];
  const l = r.next();
  if (l < 0.12 + (a >= 80 ? 0.06 : 0)) flags.push('alone');
  if (l < 0.35) flags.push('empty_nest');
  if (grid.village && r.next() < 0.1) flags.push('left_behind');
  const children = r.int(0, 3);
  const contacts: ElderInput['contacts'] = Array.from({ length: children }, (_, i) => ({
    name: r.pick([...SURNAMES]) + r.pick([...MALE, ...FEMALE]) + r.pick([...MALE, ...FEMALE]),
    relation: r.pick(RELATIONS),
    phone: mobile(r),
    sameCommunity: r.next() < 0.3,
    canCare: r.next() < 0.5,
    emergencyOrder: i + 1,
    guardian: i === 0 && a >= 85,
  }));
  const chronic = CHRONIC.filter(() => r.next() < 0.18);
  return {
    name,
    idNumber,
    phone: r.next() < 0.7 ? mobile(r) : null,
    regionId: grid.id,
    address: `${r.pick(STREETS)}${r.int(1, 300)}号${r.int(1, 12)}栋${r.int(1, 6)}单元${r.int(101, 1802)}室`,
    lng: Math.round((grid.lng + (r.next() - 0.5) * 0.004) * 1e6) / 1e6,
    lat: Math.round((grid.lat + (r.next() - 0.5) * 0.003) * 1e6) / 1e6,
    hukou: r.next() < 0.9 ? 'local' : 'nonlocal',
    residenceYears: r.int(1, 60),
    livingFlags: flags,
    categories: cats,
    contacts,
    health: {
      chronicConditions: chronic,
      allergies: r.next() < 0.08 ? [r.pick(ALLERGIES)] : [],
      medications: chronic.length ? MEDS.filter(() => r.next() < 0.2) : [],
      familyDoctor:
        r.next() < 0.4
          ? { name: `${r.pick([...SURNAMES])}医生`, organization: '社区卫生服务中心', contractUntil: '2027-06-30' }
          : null,
      checkups:
        r.next() < 0.5
          ? [
              {
                date: `${Number(today.slice(0, 4)) - 1}-${pad(r.int(3, 10), 2)}-15`,
                findings: chronic.length ? `${chronic[0]}控制尚可，建议定期复查` : '未见明显异常',
              },
            ]
          : [],
    },
  };
}

/** A plausible assessment for an elder of the given age: older people lose more points. */
export function demoAssessment(r: Random, ageYears: number, assessedOn: string) {
  const frailty = Math.min(0.95, Math.max(0, (ageYears - 65) / 40 + (r.next() - 0.5) * 0.5));
  const answers = Object.fromEntries(
    ITEMS.map((item) => {
      const scored = item.options.filter((o) => o.key !== 'coma');
      const idx = Math.min(scored.length - 1, Math.floor(frailty * scored.length * r.next() * 1.6));
      return [item.code, scored[idx].key];
    }),
  );
  const input = {
    answers,
    dementiaOrMentalDisorder: r.next() < frailty * 0.15,
    riskEventsLast30Days: r.next() < frailty * 0.2 ? 2 : 0,
  };
  return {
    standard: STANDARD_ID,
    assessedOn,
    assessor: '区评估中心',
    reason: 'first',
    ...input,
    result: scoreAssessment(input),
    nextDue: nextDueDate(assessedOn),
  };
}
