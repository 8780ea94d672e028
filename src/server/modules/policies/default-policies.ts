// The seed documents' rules (docs/seed-sources.md) as the policy versions a new installation
// starts with. Each version names the seed paragraph it follows and marks every value the seed
// does not give as an example the district must set. Where seeds from different places give
// different rules for the same programme, one is in force and the others are templates a
// district may adopt as a new version — never a blend of two places.
import type { Condition } from '../../../core/policy/conditions.js';
import type { ExampleField, PolicyParams, PolicySource, ProgrammeCode } from '../../../core/policy/policy.js';
import type { CostLevel, CostShare } from '../../../core/policy/cost-share.js';
import type { CategoryType, LivingFlag } from '../../../core/elders/categories.js';

const SEED_FILES = {
  '000': '000_df4c0e8a9b1fc2fd.txt',
  '001': '001_792aa205dc558df4.txt',
  '002': '002_5cc534841647101f.txt',
  '003': '003_05ba975af5dc1f56.txt',
  '004': '004_9a55081db715188c.txt',
} as const;

const source = (
  seed: `${keyof typeof SEED_FILES} ${string}`,
  lines: string,
  place: string,
  quote: string,
  notes?: string[],
): PolicySource => ({
  seed,
  file: SEED_FILES[seed.slice(0, 3) as keyof typeof SEED_FILES],
  lines,
  place,
  quote,
  ...(notes ? { notes } : {}),
});

const age = (n: number): Condition => ({ field: 'age', op: 'gte', value: n });
const under = (n: number): Condition => ({ field: 'age', op: 'lt', value: n });
const cat = (value: CategoryType): Condition => ({ field: 'category', op: 'has', value });
const flag = (value: LivingFlag): Condition => ({ field: 'livingFlag', op: 'has', value });
const grades = (...value: ('moderate' | 'severe' | 'complete')[]): Condition => ({
  field: 'abilityGrade',
  op: 'in',
  value,
});
const disabledGrade1or2: Condition = { field: 'disabilityGrade', op: 'atMost', value: 2 };
const noCarer: Condition = { field: 'childCanCare', op: 'eq', value: false };
const local: Condition = { field: 'hukou', op: 'eq', value: 'local' };
const anyAssistance: Condition = { any: [cat('sanwu'), cat('dibao'), cat('dibao_edge'), cat('tekun')] };

const share = (...levels: [CostLevel, number][]): CostShare => levels.map(([level, parts]) => ({ level, parts }));

/** 002 第5篇's figures; where another programme uses them they are marked as examples. */
const PROCEDURE_002 = {
  costShare: share(['district', 6], ['street', 4]),
  noticeDays: 5,
  deadlines: { community: 3, street: 10, district: 10 },
};
/** The procedure's figures no seed but 002 gives: kept from 002 as a start, to be set by the district. */
const PROCEDURE_UNSET: ExampleField[] = ['noticeDays', 'deadlines'];
/** As above, and the cost share too where the source does not say who pays. */
const UNSET: ExampleField[] = ['costShare', ...PROCEDURE_UNSET];

// Who pays, where the source says so (issue 16, point 8); each programme its own.
/** 000 范文3 L123: the district government funds the virtual nursing home. */
const DISTRICT_ALONE = share(['district', 1]);
/** 003 方案11 L695 「由市級財政撥款」. */
const CITY_ALONE = share(['city', 1]);
/** 004 模板3 L101: named city districts and zones 「按照市、区级财政4:6比例分担」. */
const CITY_DISTRICT_4_6 = share(['city', 4], ['district', 6]);
/** 000 范文2 L59, 000 范文5 L195: county finance alone (a county is the district level). */
const COUNTY_ALONE = share(['district', 1]);

export interface PolicyTemplate {
  key: string;
  title: string;
  params: PolicyParams;
}

export interface DefaultProgramme {
  code: ProgrammeCode;
  name: string;
  description: string;
  versions: { effectiveFrom: string; effectiveTo: string | null; params: PolicyParams }[];
  templates: PolicyTemplate[];
}

// 002 第5篇 L213: 独居 is no child in the same community, or a child there unable to care —
// read from the file's contacts (同社区居住, 能照料).
const alone002: Condition = { field: 'carerInCommunity', op: 'eq', value: false };
// L211: 城市"三无"人员、城乡低保和低保边缘家庭中的独居老人.
const target002: Condition = { any: [cat('sanwu'), { all: [{ any: [cat('dibao'), cat('dibao_edge')] }, alone002] }] };

const HOME_CARE_002: PolicyParams = {
  ...PROCEDURE_002,
  baseCondition: { all: [age(60), local] },
  classes: [
    {
      code: 'A1',
      label: '失能',
      condition: { all: [target002, grades('severe', 'complete')] },
      benefit: { kind: 'hours', hoursPerMonth: null, hoursPerDay: 2, hourlyRateFen: 1500 },
    },
    {
      code: 'A2',
      label: '半失能',
      condition: { all: [target002, grades('moderate')] },
      benefit: { kind: 'hours', hoursPerMonth: null, hoursPerDay: 1.5, hourlyRateFen: 1500 },
    },
  ],
  source: source(
    '002 第5篇',
    'L211–L213, L229, L269–L275, L289',
    '某区政府购买居家养老服务（独居老人）',
    '具有区常住户籍，60周岁以上的城市“三无”人员、城乡低保和低保边缘家庭中的独居老人。独居老年人是指与子女不在同一社区居住或虽与子女在同一社区居住，但子女因病、残等原因，不具备照料老人能力。……半失能老年人每人每天享受1.5小时服务，失能老年人每人每天享受2小时服务。……居家养老服务经费补助标准为每人每小时15元，所需经费由区与街道两级按6:4比例分担。',
    [
      '失能、半失能按 GB/T 42195 能力等级对应：重度失能、完全失能为失能，中度失能为半失能（本产品的对应，文件未规定）。',
      '“三无”人员不另要求独居；低保、低保边缘家庭的老人须独居（文件的材料清单只要求后两类提交与子女不在同一社区居住的证明）。',
      '能自理的独居老人，文件未规定服务时数，本版本不给时数。',
      '社区 3 个工作日入户调查、公示不少于 5 天，街道、区各 10 个工作日。',
    ],
  ),
};

const LANZHOU: PolicyParams = {
  ...PROCEDURE_002,
  baseCondition: age(60),
  classes: [
    {
      code: 'A1',
      label: '无偿·三无',
      condition: cat('sanwu'),
      benefit: { kind: 'voucher', valueFen: 40000, per: 'month' },
    },
    {
      code: 'A2',
      label: '无偿·困难空巢失能',
      condition: { all: [flag('empty_nest'), anyAssistance, grades('severe', 'complete')] },
      benefit: { kind: 'voucher', valueFen: 30000, per: 'month' },
    },
    {
      code: 'A3',
      label: '无偿·困难空巢半失能',
      condition: { all: [flag('empty_nest'), anyAssistance, grades('moderate')] },
      benefit: { kind: 'voucher', valueFen: 20000, per: 'month' },
    },
    {
      code: 'A4',
      label: '无偿·困难空巢',
      condition: { all: [flag('empty_nest'), anyAssistance] },
      benefit: { kind: 'voucher', valueFen: 10000, per: 'month' },
    },
    {
      code: 'B',
      label: '低偿',
      condition: { any: [cat('youfu'), age(90), cat('honour'), cat('expert')] },
      benefit: { kind: 'voucher', valueFen: 5000, per: 'month' },
    },
    { code: 'C', label: '有偿', condition: age(60), benefit: { kind: 'discount', percentOff: 20 } },
  ],
  costShare: DISTRICT_ALONE,
  source: source(
    '000 范文3',
    'L123, L129',
    '兰州市城关区虚拟养老院',
    '区政府拿出近二百五十万元作为项目启动资金,并计划以后每年列支资金 1000 万元,保证虚拟养老院的正常运转。……凡年满 60 周岁的老年人都将纳入服务范围，并分 A、B、C 三个层面为老年人提供无偿、低偿、有偿服务。其中 A类对象为无劳动能力、无法定赡养人、无经济来源的“三无”老人和生活困难、子女在外地定居或因其他原因不在身边的困难“空巢”老人等没有任何经济收入的老年人群体，政府分四类按不同的标准每月给予服务补贴；B 类老人为重点优抚对象，90 岁以上高龄老人、市级以上劳模、“三八红旗手”“见义勇为”称号获得者、正高以上职称老专家、担任两届以上（含两届）离退休的省、市人大代表、政协委员。这类群体政府将给予每月 50 元的政府补贴；C 类对象为自己“埋单”的普通老人，自己出钱购买服务，但服务价格会比市场价优惠20%左右。',
    [
      'A 类分四类各有标准，但文件未列出四类的划分和金额（所引“表1”不在文件中）：A1–A4 的条件和金额均为示例值。',
      '每月补贴以服务券（元）记入老人账户，用于支付上门服务。',
      '经费由区政府列支，区级全额承担。',
    ],
  ),
  examples: [...PROCEDURE_UNSET, 'class:A1', 'class:A2', 'class:A3', 'class:A4'],
};

const TIANHOUGONG: PolicyParams = {
  ...PROCEDURE_002,
  baseCondition: age(70),
  classes: [
    {
      code: 'F',
      label: '无偿',
      condition: {
        any: [
          cat('sanwu'),
          { all: [cat('dibao'), grades('severe', 'complete'), noCarer] },
          cat('youfu'),
          cat('wulao'),
          age(100),
        ],
      },
      benefit: { kind: 'hours', hoursPerMonth: 20, hoursPerDay: null, hourlyRateFen: 800 },
    },
    {
      code: 'L',
      label: '低偿',
      condition: {
        any: [
          { all: [flag('empty_nest'), grades('severe', 'complete')] },
          { all: [age(80), flag('empty_nest'), { not: anyAssistance }] },
          cat('dibao_edge'),
        ],
      },
      benefit: { kind: 'hours', hoursPerMonth: 10, hoursPerDay: null, hourlyRateFen: 800 },
    },
  ],
  ledger: { prorate: true, carryHoursWithinYear: true },
  source: source(
    '003 方案3',
    'L197–L201, L225, L229',
    '安庆市天后宫社区',
    '無償服務對象。主要包括年滿70周歲城鎮“三無”（無經濟來源、無勞動能力、無法定贍養人）老人、生活不能自理且身邊無子女照顧的低保老人、重點優撫對象、革命“五老”人員以及百歲老人等。……低償服務對象。主要包括生活不能自理的“空巢”老人（指子女不在本轄區居住生活的老年人）、未享受民政各種救助的80歲以上高齡“空巢”老人和有一定經濟來源但生活仍很困難的老年人。……無償服務對象每人每月可享受20小時的上門服務；低償服務對象每人每月可享受10小時的的上門服務。無償、低償服務對象的服務費用由政府按每小時8元的標準負擔。……服務券可在同一年度轉結使用。',
    [
      '“有一定經濟來源但生活仍很困難”以低保边缘对应，为示例。',
      '有偿服务对象自费购买，文件未规定优惠，本版本不设有偿类。',
      '服务时数可在同一年度内结转。',
      '文件只说“由政府”负担，未说哪一级：分担比例为示例值。',
    ],
  ),
  examples: [...UNSET, 'class:L:condition'],
};

const HUICHANG_VOUCHERS: PolicyParams = {
  ...PROCEDURE_002,
  baseCondition: age(60),
  classes: [
    {
      code: 'K',
      label: '重点居家老人',
      condition: anyAssistance,
      benefit: { kind: 'voucher', valueFen: 10000, per: 'month' },
    },
  ],
  source: source(
    '000 范文5',
    'L195',
    '会昌县居家养老服务中心',
    '明确了对重点居家老年人对象发给每人每月100元的服务券。自2011年起，县政府把居家养老服务工作经费列入了财政预算',
    ['“重点居家老年人对象”文件未界定，条件为示例值；经费列入县财政预算，由县级（区县一级）全额承担。'],
  ),
  costShare: COUNTY_ALONE,
  examples: [...PROCEDURE_UNSET, 'class:K:condition'],
};

// 003 方案11 L683–L689: the four groups the voucher circle serves.
const fourGroups: Condition = {
  any: [
    { all: [cat('tekun'), { field: 'supportMode', op: 'eq', value: 'dispersed' }] },
    { all: [cat('dibao'), { any: [disabledGrade1or2, flag('alone'), age(80)] }] },
    { all: [age(80), flag('alone')] },
    cat('recognised'),
  ],
};

const VOUCHER_CIRCLE: PolicyParams = {
  ...PROCEDURE_002,
  baseCondition: { all: [age(60), fourGroups] },
  classes: [
    {
      code: 'T1',
      label: '一档',
      condition: { any: [disabledGrade1or2, grades('complete')] },
      benefit: { kind: 'voucher', valueFen: 50000, per: 'year' },
    },
    { code: 'T2', label: '二档', condition: age(60), benefit: { kind: 'voucher', valueFen: 30000, per: 'year' } },
  ],
  source: source(
    '003 方案11',
    'L677–L691, L695',
    '居家养老服务圈（试点区域）',
    '服務分兩個檔次，一檔享受標準為500元/年。……二檔享受標準為300元/年。……服務對象：試點區域內提出申請的居家困難老年人，主要包括……（1）散居特困供養對象中60周歲以上的老年人；……（2）低保家庭中的重度殘疾人（聽力言語出外）、獨居、80周歲以上老年人；……（3）居家養老困難的80周歲以上獨居老年人；……（4）當地政府認定的其他困難老年人；……（5）四類人員中一、二級殘疾和生活完全不能自理的按一檔標準享受服務，其他的按二檔享受服務。……由市級財政撥款。',
    [
      '重度残疾按一、二级残疾对应；原文“听力言语出外”当为“除外”，须由社区核实残疾类别。',
      '经费由市级财政拨款，市级全额承担。',
      '试点区域由区县确定。',
    ],
  ),
  costShare: CITY_ALONE,
  examples: PROCEDURE_UNSET,
};

const VISITING: PolicyParams = {
  ...PROCEDURE_002,
  baseCondition: age(60),
  classes: [
    {
      code: 'V',
      label: '探访对象',
      condition: {
        any: [
          flag('left_behind'),
          { all: [age(80), flag('alone')] },
          { all: [under(80), flag('alone'), { any: [disabledGrade1or2, cat('risk_illness')] }] },
          flag('with_disabled_kin'),
          cat('recognised'),
        ],
      },
      benefit: { kind: 'visits', visitsPerMonth: 3, feePerVisitFen: 400 },
    },
  ],
  source: source(
    '003 方案11',
    'L657–L669, L695',
    '定期探访服务（政府向社会组织购买）',
    '探訪人員每月入戶探訪次數不低于3次，每次探訪服務費4元。……服務對象：提出申請的獨居、高齡、留守及其他困難老年人。主要包括：……（2）80歲及以上獨居老年人；……（3）80歲以下重度殘疾或患有精神疾病、阿爾茨海默病、心臟病、高血壓等具備突發風險疾病的獨居老年人；……（4）僅與重度殘疾的子女或配偶共同居住的老年人；……（5）當地政府認定的其他困難老年人。獨居是指不與子女及其他家屬共同居住，且子女不在同一鎮（街道）居。',
    [
      '留守老年人：全部子女长期（通常半年以上）离开户籍地（市以外）务工经商，身边无法定赡养人或赡养人无赡养能力的 60 周岁以上老人。',
      '重度残疾按一、二级残疾对应。',
      '经费由市级财政拨款，市级全额承担。',
    ],
  ),
  costShare: CITY_ALONE,
  examples: PROCEDURE_UNSET,
};

const ALLOWANCE_004: PolicyParams = {
  ...PROCEDURE_002,
  baseCondition: age(80),
  classes: [
    {
      code: '100+',
      label: '百岁及以上',
      condition: age(100),
      benefit: { kind: 'cash', amountFen: 30000, per: 'month', careShareFen: 0 },
    },
    {
      code: '90-99',
      label: '90-99 岁',
      condition: age(90),
      benefit: { kind: 'cash', amountFen: 5000, per: 'month', careShareFen: 0 },
    },
    {
      code: '80-89',
      label: '80-89 岁',
      condition: age(80),
      benefit: { kind: 'cash', amountFen: 3000, per: 'month', careShareFen: 0 },
    },
  ],
  source: source(
    '004 模板3',
    'L97–L101',
    '某市养老服务补贴制度',
    '对80周岁以上老年人给予高龄津贴……高龄津贴，按月打卡发放至个人，原则上80―89岁老人每人每月不低于xx元，90―99岁老人每人每月不低于50元，xx岁以上老人按原标准执行……各县所需资金按照属地管理原则由所在县财政承担,x桥区、市经开区、市高新区、宿马园区所需资金按照市、区级财政4:6比例分担。',
    [
      '90-99 岁取文件的下限 50 元；80-89 岁的金额和“原标准”的年龄、金额文件未给出，为示例值。',
      '市辖区按市级 4 : 区级 6 分担；县按属地由县财政全额承担，县采用时把分担改为区（县）级 1。',
    ],
  ),
  costShare: CITY_DISTRICT_4_6,
  examples: [...PROCEDURE_UNSET, 'class:100+', 'class:80-89:benefit'],
};

const ALLOWANCE_002: PolicyParams = {
  ...PROCEDURE_002,
  baseCondition: { all: [age(90), under(100)] },
  classes: [
    {
      code: '90-99',
      label: '90-99 岁',
      condition: age(90),
      benefit: { kind: 'cash', amountFen: 10000, per: 'month', careShareFen: 0, paidEvery: 'quarter' },
    },
  ],
  source: source(
    '002 第4篇',
    'L161',
    '某市民政局年度工作（高龄补贴）',
    '全面落实高龄补贴政策。今年我们按季度对90-99岁老年人高龄补助进入正常管理步调，每人每月补助100元。',
    ['按季度发放：每季度最后一个月的名单列出该季度三个月；其他年龄段文件未规定。'],
  ),
  examples: UNSET,
};

const tekun = (
  amountFen: number,
  careShareFen: number,
  lines: string,
  quote: string,
  notes?: string[],
): PolicyParams => ({
  ...PROCEDURE_002,
  baseCondition: cat('tekun'),
  classes: [
    {
      code: 'S',
      label: '特困供养',
      condition: cat('tekun'),
      benefit: { kind: 'cash', amountFen, per: 'month', careShareFen },
    },
  ],
  source: source(
    '000 范文2',
    `${lines}, L59`,
    '惠州市某县农村特困人员（五保）供养',
    `${quote}……农村特困人员基本生活供养金由县财政按预算直拨到县民政局开设的特困人员专户中`,
    [
      '集中供养与分散供养标准相同：分散供养按月发放到本人信用社账户，集中供养发放到所入住敬老院账户。',
      '基本生活供养金由县财政直拨县民政局特困人员专户，县级全额承担。',
      ...(notes ?? []),
    ],
  ),
  costShare: COUNTY_ALONE,
  examples: PROCEDURE_UNSET,
});

const mode = (value: 'concentrated' | 'dispersed'): Condition => ({ field: 'supportMode', op: 'eq', value });

// 001 第四篇: Dongping sets its standards by the year and by how the person is supported.
const DONGPING: PolicyParams = {
  ...PROCEDURE_002,
  baseCondition: cat('tekun'),
  classes: [
    {
      code: 'J',
      label: '集中供养',
      condition: mode('concentrated'),
      benefit: { kind: 'cash', amountFen: 230000, per: 'year', careShareFen: 0 },
    },
    {
      code: 'D',
      label: '分散供养',
      condition: mode('dispersed'),
      benefit: { kind: 'cash', amountFen: 140000, per: 'year', careShareFen: 0 },
    },
  ],
  costShare: share(['province', 1], ['city', 1], ['district', 1], ['street', 1]),
  source: source(
    '001 第四篇',
    'L142',
    '东平县五保供养',
    '我们在全市率先实行了供养经费以财政供养为主的省、市、县、乡“四级联保”五保供养新机制。对筹集的供养资金,由县财政部门统一筹集,专户管理,定期拨付,社会化发放。建立了五保供养标准自然增长机制,供养标准与城乡最低生活保障标准同步 调整。……集中供养标准从2000元增长到2300元,年增长率约5%,分散供养标准从年每人1200元增长到1400元',
    [
      '年标准按月发放：每月为年标准的十二分之一，不能整除的分依次计入年初各月，全年合计等于年标准。',
      '集中供养标准文件未写“年”，与分散供养并列且增长率按年计，按年标准读。',
      '省、市、县、乡四级各承担多少文件未给出，分担比例为示例值；照料护理部分文件未规定。',
      '标准随低保标准调整时，以新版本设定。',
    ],
  ),
  examples: [...UNSET],
};

// 001 第一篇: Luonan raised the concentrated standard to 300 yuan a month; the dispersed one it
// does not give (its 3,600 yuan a year is the county's average over all 五保 persons).
const LUONAN: PolicyParams = {
  ...PROCEDURE_002,
  baseCondition: cat('tekun'),
  classes: [
    {
      code: 'J',
      label: '集中供养',
      condition: mode('concentrated'),
      benefit: { kind: 'cash', amountFen: 30000, per: 'month', careShareFen: 0 },
    },
    {
      code: 'D',
      label: '分散供养',
      condition: mode('dispersed'),
      benefit: { kind: 'cash', amountFen: 30000, per: 'month', careShareFen: 0 },
    },
  ],
  costShare: COUNTY_ALONE,
  source: source(
    '001 第一篇',
    'L36, L42, L64',
    '洛南县五保供养',
    '全县19个镇财政所设立了五保资金专户……全县五保供养对象年人均供养标准3600元……并将五保对象集中供养标准由原来的月120元提高到300元。',
    [
      '分散供养标准文件未给出：示例值取全县年人均 3600 元的每月 300 元。',
      '五保资金专户设在各镇财政所；哪一级负担多少文件未给出，分担比例为示例值。',
    ],
  ),
  examples: [...UNSET, 'class:D:benefit'],
};

export const DEFAULT_PROGRAMMES: DefaultProgramme[] = [
  {
    code: 'home_care_subsidy',
    name: '居家养老服务补贴',
    description:
      '政府购买居家养老服务：区常住户籍 60 周岁以上“三无”人员和低保、低保边缘家庭中的独居老人，失能每天 2 小时、半失能每天 1.5 小时，每小时 15 元（002 第5篇）。',
    versions: [{ effectiveFrom: '2025-01-01', effectiveTo: null, params: HOME_CARE_002 }],
    templates: [
      { key: 'lanzhou', title: '兰州市城关区虚拟养老院 A/B/C 类（000 范文3）', params: LANZHOU },
      { key: 'tianhougong', title: '安庆市天后宫社区无偿、低偿服务（003 方案3）', params: TIANHOUGONG },
      { key: 'huichang', title: '会昌县重点居家老人服务券（000 范文5）', params: HUICHANG_VOUCHERS },
    ],
  },
  {
    code: 'service_voucher',
    name: '居家养老服务券',
    description:
      '居家养老服务圈：试点区域内申请的四类困难老人，一、二级残疾或生活完全不能自理的每年 500 元（一档），其他的每年 300 元（二档）（003 方案11）。',
    versions: [{ effectiveFrom: '2025-01-01', effectiveTo: null, params: VOUCHER_CIRCLE }],
    templates: [],
  },
  {
    code: 'visiting',
    name: '探访服务',
    description:
      '政府购买的定期探访：留守、80 岁以上独居、80 岁以下重度残疾或患突发风险疾病的独居、仅与重度残疾子女或配偶同住及当地认定的困难老人，每月至少 3 次，每次 4 元（003 方案11）。',
    versions: [{ effectiveFrom: '2025-01-01', effectiveTo: null, params: VISITING }],
    templates: [],
  },
  {
    code: 'old_age_allowance',
    name: '高龄津贴',
    description: '80 周岁以上按年龄段每月打卡发放，90-99 岁每人每月不低于 50 元（004 模板3）。',
    versions: [{ effectiveFrom: '2025-01-01', effectiveTo: null, params: ALLOWANCE_004 }],
    templates: [{ key: 'quarterly-002', title: '90-99 岁每月 100 元、按季度办理（002 第4篇）', params: ALLOWANCE_002 }],
  },
  {
    code: 'tekun_support',
    name: '特困人员供养',
    description:
      '农村特困人员（五保）供养标准：2014 年每月 819 元，2015 年 900 元，2016 年起分基本生活和照料护理两部分（000 范文2）。',
    versions: [
      {
        effectiveFrom: '2014-01-01',
        effectiveTo: '2014-12-31',
        params: tekun(81900, 0, 'L45', '2014年1月份起农村五保供养标准从原来每人每月578.5元提高到每人每月819元'),
      },
      {
        effectiveFrom: '2015-01-01',
        effectiveTo: '2015-12-31',
        params: tekun(90000, 0, 'L49', '从2015年1月份起农村五保供养标准由每人每月819元提高到每人每月标准900元'),
      },
      {
        effectiveFrom: '2016-01-01',
        effectiveTo: '2016-12-31',
        params: tekun(
          102000,
          10000,
          'L53',
          '2016年起农村五保救助供养标准分为基本生活标准和照料护理标准，照料护理标准按不超过救助供养标准的10%确定。',
        ),
      },
      {
        effectiveFrom: '2017-01-01',
        effectiveTo: null,
        params: tekun(
          118400,
          18400,
          'L57',
          '2017年1月份起农村特困人员救助供养标准从每人每月从1020元提到每人每月1184元(即每月通过银行发放到农村特困人员个人账户的基本生活标准为每人每月1000元;每人每月从1184元中提取184元统筹作照料护理费)。……按当地农村低保标准每人每月740元的1.6倍计算农村特困人员救助供养标准',
          ['照料护理部分 184 元占标准的 15.5%，超过同一文件 2016 年定的“不超过 10%”，按文件所列金额记录。'],
        ),
      },
    ],
    templates: [
      { key: 'dongping', title: '东平县：集中供养每年 2300 元、分散供养每年 1400 元（001 第四篇）', params: DONGPING },
      { key: 'luonan', title: '洛南县：集中供养每月 300 元（001 第一篇）', params: LUONAN },
    ],
  },
  {
    code: 'care_subsidy',
    name: '特困人员护理补贴',
    description:
      '由敬老院、社工机构照料的特困人员：生活完全不能自理每月 1500 元，生活大部分不能自理每月 500 元（000 范文2）。',
    versions: [
      {
        effectiveFrom: '2025-01-01',
        effectiveTo: null,
        params: {
          ...PROCEDURE_002,
          baseCondition: cat('tekun'),
          classes: [
            {
              code: 'full',
              label: '完全不能自理',
              condition: grades('complete'),
              benefit: { kind: 'cash', amountFen: 150000, per: 'month', careShareFen: 150000 },
            },
            {
              code: 'mostly',
              label: '大部分不能自理',
              condition: grades('severe'),
              benefit: { kind: 'cash', amountFen: 50000, per: 'month', careShareFen: 50000 },
            },
          ],
          source: source(
            '000 范文2',
            'L69',
            '惠州市某县农村特困人员照料护理',
            '由敬老院、社工机构提供照料护理的生活完全不能自理特困人员对象，照料护理补助标准为1500元/人·月；生活大部分不能自理的特困人员对象，照料护理补助标准为500元/人·月。',
            [
              '“生活大部分不能自理”按重度失能对应（本产品的对应）。',
              '文件规定发生照料护理时由乡镇向县民政部门申请，从统筹的照料护理经费中拨付；亲友照料的标准文件未规定。',
              '照料护理经费是县民政部门统筹的特困供养资金，县级全额承担。',
            ],
          ),
          costShare: COUNTY_ALONE,
          examples: [...PROCEDURE_UNSET, 'effectiveFrom'],
        },
      },
    ],
    templates: [],
  },
];
