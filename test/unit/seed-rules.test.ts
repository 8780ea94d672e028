// The default programmes as the seed documents state them (issue 16; docs/seed-sources.md gives
// file, section and line for each sentence quoted here). Each test names the seed's words.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, isExample, versionOn, type PolicyParams, type PolicyVersion } from '../../src/core/policy/policy.js';
import type { ElderFacts } from '../../src/core/policy/conditions.js';
import { DEFAULT_PROGRAMMES } from '../../src/server/modules/policies/default-policies.js';

const DATE = '2026-11-23';
const programme = (code: string) => DEFAULT_PROGRAMMES.find((x) => x.code === code)!;
const inForce = (code: string, date = DATE): PolicyVersion => {
  const p = programme(code);
  const v = versionOn(p.versions, date)!;
  return { id: p.versions.indexOf(v) + 1, programme: p.code, ...v };
};
const template = (code: string, key: string): PolicyVersion => ({
  id: 99,
  programme: programme(code).code,
  effectiveFrom: '2025-01-01',
  effectiveTo: null,
  params: programme(code).templates.find((t) => t.key === key)!.params,
});
const elder = (over: Partial<ElderFacts> = {}): ElderFacts => ({
  birthDate: '1950-01-01',
  deathDate: null,
  status: 'active',
  hukou: 'local',
  residenceYears: 30,
  livingFlags: [],
  categories: [],
  abilityGrade: null,
  contacts: [],
  ...over,
});
const born = (age: number) => `${2026 - age}-11-23`;
const dibao = { type: 'dibao', validUntil: '2027-12-31' };
const carer = { canCare: true, sameCommunity: true };

describe('002 第5篇: 政府购买居家养老服务 (in force for 居家养老服务补贴)', () => {
  const v = inForce('home_care_subsidy');
  it('「失能老年人每人每天享受2小时服务」「每人每小时15元」', () => {
    // A son who can care but lives in another community: the elder is 独居 by the seed's words.
    const e = elder({
      categories: [dibao],
      abilityGrade: 'complete',
      contacts: [{ canCare: true, sameCommunity: false }],
    });
    expect(evaluate(e, v, DATE)).toMatchObject({
      eligible: true,
      classCode: 'A1',
      benefit: { kind: 'hours', hoursPerDay: 2, hourlyRateFen: 1500 },
    });
  });
  it('「半失能老年人每人每天享受1.5小时服务」', () => {
    const e = elder({ categories: [dibao], abilityGrade: 'moderate', contacts: [] });
    expect(evaluate(e, v, DATE)).toMatchObject({ classCode: 'A2', benefit: { hoursPerDay: 1.5 } });
  });
  it('「低保和低保边缘家庭中的独居老人」: a 低保 elder whose able child lives in the same community is not served', () => {
    const e = elder({ categories: [dibao], abilityGrade: 'complete', contacts: [carer] });
    expect(evaluate(e, v, DATE).eligible).toBe(false);
  });
  it('「虽与子女在同一社区居住，但子女因病、残等原因，不具备照料老人能力」 counts as 独居', () => {
    const e = elder({
      categories: [{ type: 'dibao_edge' }],
      abilityGrade: 'severe',
      contacts: [{ canCare: false, sameCommunity: true }],
    });
    expect(evaluate(e, v, DATE).classCode).toBe('A1');
  });
  it('「城市“三无”人员」 are served without the 独居 test', () => {
    const e = elder({ categories: [{ type: 'sanwu' }], abilityGrade: 'moderate', contacts: [carer] });
    expect(evaluate(e, v, DATE).classCode).toBe('A2');
  });
  it('「具有区常住户籍」: a non-local resident of many years is not served', () => {
    const e = elder({
      hukou: 'nonlocal',
      residenceYears: 10,
      categories: [{ type: 'sanwu' }],
      abilityGrade: 'complete',
    });
    expect(evaluate(e, v, DATE).eligible).toBe(false);
  });
  it('names 三无, 低保 and 低保边缘 only: a 特困 elder is not in this programme', () => {
    const e = elder({ categories: [{ type: 'tekun', supportMode: 'dispersed' }], abilityGrade: 'complete' });
    expect(evaluate(e, v, DATE).eligible).toBe(false);
  });
  it('「60周岁以上」', () => {
    const e = elder({ birthDate: born(59), categories: [{ type: 'sanwu' }], abilityGrade: 'complete' });
    expect(evaluate(e, v, DATE).eligible).toBe(false);
  });
  it('「由区与街道两级按6:4比例分担」, 5 days of notice, 3 / 10 / 10 working days, none an example', () => {
    expect(v.params).toMatchObject({
      costShare: [
        { level: 'district', parts: 6 },
        { level: 'street', parts: 4 },
      ],
      noticeDays: 5,
      deadlines: { community: 3, street: 10, district: 10 },
    });
    expect(v.params.examples ?? []).toEqual([]);
  });
});

describe('000 范文3: 兰州城关区 A/B/C (a template)', () => {
  const v = template('home_care_subsidy', 'lanzhou');
  it('「这类群体政府将给予每月 50 元的政府补贴」 for class B (90 岁以上, 劳模 …)', () => {
    expect(evaluate(elder({ birthDate: born(90) }), v, DATE)).toMatchObject({
      classCode: 'B',
      benefit: { kind: 'voucher', valueFen: 5000, per: 'month' },
    });
    expect(evaluate(elder({ categories: [{ type: 'honour' }] }), v, DATE).classCode).toBe('B');
  });
  it('「服务价格会比市场价优惠20%左右」 for class C', () => {
    expect(evaluate(elder(), v, DATE)).toMatchObject({ classCode: 'C', benefit: { percentOff: 20 } });
  });
  it('「政府分四类按不同的标准每月给予服务补贴」: four A classes, each wholly an example value', () => {
    const a = v.params.classes.filter((c) => c.code.startsWith('A'));
    expect(a).toHaveLength(4);
    for (const c of a) {
      expect(isExample(v.params, `class:${c.code}:benefit`)).toBe(true);
      expect(isExample(v.params, `class:${c.code}:condition`)).toBe(true);
    }
    expect(isExample(v.params, 'class:B:benefit')).toBe(false);
  });
});

describe('003 方案3: 天后宫社区 (a template)', () => {
  const v = template('home_care_subsidy', 'tianhougong');
  it('「年滿70周歲」: a 65-year-old 三无 elder is not served', () => {
    expect(evaluate(elder({ birthDate: born(65), categories: [{ type: 'sanwu' }] }), v, DATE).eligible).toBe(false);
  });
  it('「革命“五老”人員以及百歲老人」 are free: 20 hours a month at 8 yuan', () => {
    expect(evaluate(elder({ birthDate: born(72), categories: [{ type: 'wulao' }] }), v, DATE)).toMatchObject({
      classCode: 'F',
      benefit: { hoursPerMonth: 20, hourlyRateFen: 800 },
    });
    expect(evaluate(elder({ birthDate: born(100) }), v, DATE).classCode).toBe('F');
  });
  it('「重點優撫對象」 are free, not low-cost', () => {
    expect(evaluate(elder({ birthDate: born(75), categories: [{ type: 'youfu' }] }), v, DATE).classCode).toBe('F');
  });
  it('「未享受民政各種救助的80歲以上高齡“空巢”老人」 are low-cost: 10 hours a month', () => {
    const e = elder({ birthDate: born(82), livingFlags: ['empty_nest'] });
    expect(evaluate(e, v, DATE)).toMatchObject({ classCode: 'L', benefit: { hoursPerMonth: 10 } });
    expect(evaluate({ ...e, categories: [dibao] }, v, DATE).eligible).toBe(false);
  });
  it('「服務券可在同一年度轉結使用」: hours carry over within the year', () => {
    expect(v.params.ledger).toEqual({ prorate: true, carryHoursWithinYear: true });
  });
});

describe('003 方案11: 居家养老服务圈 vouchers (in force for 居家养老服务券)', () => {
  const v = inForce('service_voucher');
  it('「一、二級殘疾和生活完全不能自理的按一檔標準」: 500 yuan a year', () => {
    const e = elder({ categories: [dibao, { type: 'disability', disabilityGrade: 2 }] });
    expect(evaluate(e, v, DATE)).toMatchObject({ classCode: 'T1', benefit: { valueFen: 50000, per: 'year' } });
  });
  it("「其他的按二檔享受服務」: the four groups' others, whatever their ability, 300 yuan a year", () => {
    const e = elder({ birthDate: born(81), livingFlags: ['alone'], abilityGrade: 'intact' });
    expect(evaluate(e, v, DATE)).toMatchObject({ classCode: 'T2', benefit: { valueFen: 30000 } });
    const tekun = elder({ categories: [{ type: 'tekun', supportMode: 'dispersed' }] });
    expect(evaluate(tekun, v, DATE).classCode).toBe('T2');
  });
  it('only the four groups: a severely disabled elder in none of them is not served', () => {
    expect(evaluate(elder({ abilityGrade: 'severe' }), v, DATE).eligible).toBe(false);
    const concentrated = elder({ categories: [{ type: 'tekun', supportMode: 'concentrated' }] });
    expect(evaluate(concentrated, v, DATE).eligible).toBe(false);
  });
});

describe('003 方案11: 探访服务 (in force)', () => {
  const v = inForce('visiting');
  it('「每月入戶探訪次數不低于3次，每次探訪服務費4元」', () => {
    expect(evaluate(elder({ livingFlags: ['left_behind'] }), v, DATE).benefit).toEqual({
      kind: 'visits',
      visitsPerMonth: 3,
      feePerVisitFen: 400,
    });
  });
  it('「80歲以下……患有精神疾病、阿爾茨海默病、心臟病、高血壓等具備突發風險疾病的獨居老年人」', () => {
    const ill = elder({ birthDate: born(70), livingFlags: ['alone'], categories: [{ type: 'risk_illness' }] });
    expect(evaluate(ill, v, DATE).eligible).toBe(true);
    expect(evaluate({ ...ill, categories: [] }, v, DATE).eligible).toBe(false);
  });
  it('「僅與重度殘疾的子女或配偶共同居住的老年人」', () => {
    expect(evaluate(elder({ livingFlags: ['with_disabled_kin'] }), v, DATE).eligible).toBe(true);
  });
  it('「80歲及以上獨居老年人」', () => {
    expect(evaluate(elder({ birthDate: born(80), livingFlags: ['alone'] }), v, DATE).eligible).toBe(true);
    expect(evaluate(elder({ birthDate: born(79), livingFlags: ['alone'] }), v, DATE).eligible).toBe(false);
  });
});

describe('高龄津贴', () => {
  it('004 模板3 (in force):「90―99岁老人每人每月不低于50元」; 80–89 and 100+ amounts are examples', () => {
    const v = inForce('old_age_allowance');
    expect(evaluate(elder({ birthDate: born(92) }), v, DATE).benefit).toMatchObject({ amountFen: 5000 });
    expect(evaluate(elder({ birthDate: born(85) }), v, DATE).classCode).toBe('80-89');
    expect(isExample(v.params, 'class:80-89:benefit')).toBe(true);
    expect(isExample(v.params, 'class:100+:condition')).toBe(true);
    expect(isExample(v.params, 'class:90-99:benefit')).toBe(false);
  });
  it('002 第4篇 (a template):「按季度对90-99岁老年人高龄补助……每人每月补助100元」', () => {
    const v = template('old_age_allowance', 'quarterly-002');
    expect(evaluate(elder({ birthDate: born(95) }), v, DATE).benefit).toMatchObject({ amountFen: 10000 });
    expect(evaluate(elder({ birthDate: born(85) }), v, DATE).eligible).toBe(false);
    expect(evaluate(elder({ birthDate: born(100) }), v, DATE).eligible).toBe(false);
  });
});

describe('000 范文2: 特困 support standards by year', () => {
  const tekun = elder({ categories: [{ type: 'tekun', supportMode: 'dispersed' }] });
  it.each([
    ['2014-06-01', 81900, 0, '「2014年1月份起……提高到每人每月819元」'],
    ['2015-06-01', 90000, 0, '「从2015年1月份起……提高到每人每月标准900元」'],
    ['2016-06-01', 102000, 10000, '「照料护理标准按不超过救助供养标准的10%确定」'],
    ['2017-06-01', 118400, 18400, '「每人每月从1184元中提取184元统筹作照料护理费」'],
  ])('%s: %i fen, care part %i (%s)', (date, amountFen, careShareFen) => {
    expect(evaluate(tekun, inForce('tekun_support', date), date).benefit).toMatchObject({ amountFen, careShareFen });
  });
});

describe('特困 concentrated and dispersed standards that differ (point 6; 001 templates)', () => {
  const tekun = (supportMode: 'concentrated' | 'dispersed') => elder({ categories: [{ type: 'tekun', supportMode }] });
  it('001 L142 Dongping 「集中供养标准……2300元……分散供养标准从年每人1200元增长到1400元」: yearly, by mode', () => {
    const v = template('tekun_support', 'dongping');
    expect(evaluate(tekun('concentrated'), v, DATE).benefit).toMatchObject({ amountFen: 230000, per: 'year' });
    expect(evaluate(tekun('dispersed'), v, DATE).benefit).toMatchObject({ amountFen: 140000, per: 'year' });
    // 「省、市、县、乡“四级联保”」: four levels, their parts not given.
    expect(v.params.costShare.map((p) => p.level)).toEqual(['province', 'city', 'district', 'street']);
    expect(isExample(v.params, 'costShare')).toBe(true);
  });
  it('001 L64 Luonan 「将五保对象集中供养标准由原来的月120元提高到300元」; the dispersed amount is an example', () => {
    const v = template('tekun_support', 'luonan');
    expect(evaluate(tekun('concentrated'), v, DATE).benefit).toMatchObject({ amountFen: 30000, per: 'month' });
    expect(isExample(v.params, 'class:J:benefit')).toBe(false);
    expect(isExample(v.params, 'class:D:benefit')).toBe(true);
  });
});

describe('cost shares: each programme its own levels (point 8)', () => {
  const levels = (code: string, key?: string) =>
    (key ? template(code, key) : inForce(code)).params.costShare.map((p) => [p.level, p.parts]);
  it('002 第5篇 L289 「所需经费由区与街道两级按6:4比例分担」 is the home-care programme’s alone', () => {
    expect(levels('home_care_subsidy')).toEqual([
      ['district', 6],
      ['street', 4],
    ]);
  });
  it('003 方案11 L695 「由市級財政撥款」: vouchers and visiting are the city’s, not an example', () => {
    for (const code of ['service_voucher', 'visiting']) {
      expect(levels(code)).toEqual([['city', 1]]);
      expect(isExample(inForce(code).params, 'costShare')).toBe(false);
    }
  });
  it('004 模板3 L101 「按照市、区级财政4:6比例分担」: the allowance in force', () => {
    expect(levels('old_age_allowance')).toEqual([
      ['city', 4],
      ['district', 6],
    ]);
  });
  it('000 范文2 L59 「由县财政按预算直拨到县民政局开设的特困人员专户中」: 特困 and its care money, the county alone', () => {
    for (const date of ['2014-06-01', '2017-06-01'])
      expect(inForce('tekun_support', date).params.costShare).toEqual([{ level: 'district', parts: 1 }]);
    expect(levels('care_subsidy')).toEqual([['district', 1]]);
  });
  it('000 范文3 L123 「区政府拿出近二百五十万元……每年列支资金 1000 万元」 and 000 范文5 L195 the county budget', () => {
    expect(levels('home_care_subsidy', 'lanzhou')).toEqual([['district', 1]]);
    expect(levels('home_care_subsidy', 'huichang')).toEqual([['district', 1]]);
  });
  it('003 方案3 says only 「由政府」: Tianhougong’s share is an example the district sets', () => {
    expect(isExample(template('home_care_subsidy', 'tianhougong').params, 'costShare')).toBe(true);
  });
});

describe('every default names its seed', () => {
  const all: [string, PolicyParams][] = DEFAULT_PROGRAMMES.flatMap((p) => [
    ...p.versions.map((v) => [`${p.code} ${v.effectiveFrom}`, v.params] as [string, PolicyParams]),
    ...p.templates.map((t) => [`${p.code} ${t.key}`, t.params] as [string, PolicyParams]),
  ]);
  it.each(all)('%s has a source with file, lines and quote', (_, params) => {
    expect(params.source).toMatchObject({
      seed: expect.stringMatching(/^00[0-4] /),
      file: expect.stringMatching(/^00[0-4]_[0-9a-f]{16}\.txt$/),
      lines: expect.stringMatching(/^L\d+/),
      quote: expect.any(String),
    });
  });

  // The seeds live beside the repository on a development machine; where they are present, every
  // quoted fragment must be found in its file (glosses, spacing and punctuation forms aside).
  const seeds = new URL('../../../shared/seeds/', import.meta.url);
  const norm = (t: string) =>
    t
      .replace(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/g, '')
      .replace(/[\s\u3000'"“”]/g, '')
      .replace(/[（(]/g, '(')
      .replace(/[）)]/g, ')')
      .replace(/[，,]/g, ',')
      .replace(/[；;]/g, ';')
      .replace(/[：:]/g, ':')
      .replace(/。(\d)\)/g, '($1)')
      // One line of 003 is garbled in the file (當?shù卣J定 for 當地政府認定).
      .replace(/當[^的]{0,30}?定的其他/g, '當地政府認定的其他');
  it.skipIf(!fs.existsSync(seeds)).each(all)('%s quotes its seed word for word', (_, params) => {
    const text = norm(fs.readFileSync(new URL(params.source!.file, seeds), 'utf8'));
    for (const fragment of params.source!.quote.split('……')) {
      const f = norm(fragment).replace(/^[。;,]+|[。;,]+$/g, '');
      expect(text.includes(f), fragment).toBe(true);
    }
  });
});
