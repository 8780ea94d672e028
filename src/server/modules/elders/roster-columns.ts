// The columns of the Excel roster (老人名册): the import template, the import parser and the
// error file share this one list, so a column renamed here is renamed everywhere.
import { CATEGORY_TYPES, DISABILITY_TYPES, LIVING_FLAGS, type CategoryType } from '../../../core/elders/categories.js';
import {
  CATEGORY_LABELS,
  DISABILITY_TYPE_LABELS,
  HUKOU_LABELS,
  LIVING_FLAG_LABELS,
  SUPPORT_MODE_LABELS,
} from '../../../shared/elder-labels.js';
import type { ElderInput } from '../../../shared/schemas/elders.js';

export const ROSTER_COLUMNS = [
  { key: 'name', header: '姓名', width: 10, required: true },
  { key: 'idNumber', header: '身份证号', width: 22, required: true },
  { key: 'phone', header: '联系电话', width: 15 },
  { key: 'regionCode', header: '社区或网格代码', width: 18, required: true },
  { key: 'address', header: '住址', width: 30, required: true },
  { key: 'hukou', header: '户籍', width: 10, required: true },
  { key: 'residenceYears', header: '居住年限', width: 9 },
  { key: 'living', header: '居住情况', width: 14 },
  { key: 'categories', header: '类别', width: 18 },
  { key: 'dibaoNo', header: '低保证号', width: 14 },
  { key: 'dibaoUntil', header: '低保有效期至', width: 14 },
  { key: 'dibaoEdgeNo', header: '低保边缘证明编号', width: 16 },
  { key: 'tekunMode', header: '特困供养方式', width: 13 },
  { key: 'youfuNo', header: '优抚证号', width: 12 },
  { key: 'honourTitle', header: '荣誉称号', width: 16 },
  { key: 'expertTitle', header: '专家/代表说明', width: 16 },
  { key: 'disabilityNo', header: '残疾证号', width: 22 },
  { key: 'disabilityGrade', header: '残疾等级', width: 9 },
  { key: 'disabilityType', header: '残疾类型', width: 9 },
  { key: 'contactName', header: '紧急联系人', width: 11 },
  { key: 'contactRelation', header: '联系人关系', width: 10 },
  { key: 'contactPhone', header: '联系人电话', width: 15 },
] as const;
export type RosterKey = (typeof ROSTER_COLUMNS)[number]['key'];
export type RosterRow = Partial<Record<RosterKey, string>>;

/** Which roster column to blame for an error on an ElderInput field. */
export function columnForField(field: string): RosterKey | null {
  const [head, , sub] = field.split('.');
  switch (head) {
    case 'name':
    case 'idNumber':
    case 'phone':
    case 'address':
    case 'hukou':
    case 'residenceYears':
      return head;
    case 'regionId':
      return 'regionCode';
    case 'livingFlags':
      return 'living';
    case 'contacts':
      return sub === 'phone' ? 'contactPhone' : sub === 'relation' ? 'contactRelation' : 'contactName';
    case 'categories':
      return null;
    default:
      return null;
  }
}

const EVIDENCE_COLUMN: Partial<Record<CategoryType, Partial<Record<string, RosterKey>>>> = {
  dibao: { certificateNo: 'dibaoNo', validUntil: 'dibaoUntil' },
  dibao_edge: { certificateNo: 'dibaoEdgeNo' },
  tekun: { supportMode: 'tekunMode' },
  youfu: { certificateNo: 'youfuNo' },
  honour: { title: 'honourTitle' },
  expert: { title: 'expertTitle' },
  disability: { certificateNo: 'disabilityNo', disabilityGrade: 'disabilityGrade', disabilityType: 'disabilityType' },
};

export function columnForCategoryField(type: CategoryType, sub: string): RosterKey {
  return EVIDENCE_COLUMN[type]?.[sub] ?? 'categories';
}

const reverse = <K extends string>(labels: Record<K, string>) =>
  new Map(Object.entries(labels).map(([k, v]) => [v as string, k as K]));
const CATEGORY_BY_LABEL = reverse(CATEGORY_LABELS);
const FLAG_BY_LABEL = reverse(LIVING_FLAG_LABELS);
const HUKOU_BY_LABEL = new Map([...reverse(HUKOU_LABELS), ['本地', 'local'], ['外地', 'nonlocal']]);
const SUPPORT_BY_LABEL = new Map([...reverse(SUPPORT_MODE_LABELS), ['集中', 'concentrated'], ['分散', 'dispersed']]);
const DISABILITY_TYPE_BY_LABEL = reverse(DISABILITY_TYPE_LABELS);
const GRADE_BY_LABEL = new Map([
  ['一级', 1],
  ['二级', 2],
  ['三级', 3],
  ['四级', 4],
  ['1', 1],
  ['2', 2],
  ['3', 3],
  ['4', 4],
]);

const split = (s: string | undefined) =>
  (s ?? '')
    .split(/[、,，;；\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export interface ParsedRow {
  input: unknown;
  errors: { column: RosterKey; message: string }[];
}

/**
 * Turns one roster row into an ElderInput candidate (to be checked by the same schema as the
 * form). Values that cannot even be mapped (an unknown category name) are reported here.
 */
export function rosterToInput(row: RosterRow, regionIdByCode: (code: string) => number | undefined): ParsedRow {
  const errors: ParsedRow['errors'] = [];
  const unknown = (column: RosterKey, value: string, allowed: Iterable<string>) =>
    errors.push({ column, message: `「${value}」不是可选值，可选：${[...allowed].join('、')}` });

  const code = row.regionCode?.trim() ?? '';
  const regionId = code ? regionIdByCode(code) : undefined;
  if (code && regionId === undefined)
    errors.push({ column: 'regionCode', message: `区划代码「${code}」不是您管辖范围内的社区或网格` });

  const flags = split(row.living).flatMap((label) => {
    const f = FLAG_BY_LABEL.get(label);
    if (!f) unknown('living', label, FLAG_BY_LABEL.keys());
    return f ? [f] : [];
  });
  const categories: ElderInput['categories'] = split(row.categories).flatMap((label) => {
    const type = CATEGORY_BY_LABEL.get(label);
    if (!type) {
      unknown('categories', label, CATEGORY_BY_LABEL.keys());
      return [];
    }
    const c: ElderInput['categories'][number] = { type };
    if (type === 'dibao') Object.assign(c, { certificateNo: row.dibaoNo || null, validUntil: row.dibaoUntil || null });
    if (type === 'dibao_edge') c.certificateNo = row.dibaoEdgeNo || null;
    if (type === 'youfu') c.certificateNo = row.youfuNo || null;
    if (type === 'honour') c.title = row.honourTitle || null;
    if (type === 'expert') c.title = row.expertTitle || null;
    if (type === 'tekun') {
      const mode = row.tekunMode ? SUPPORT_BY_LABEL.get(row.tekunMode.trim()) : null;
      if (row.tekunMode && !mode) unknown('tekunMode', row.tekunMode, Object.values(SUPPORT_MODE_LABELS));
      c.supportMode = (mode as 'concentrated' | 'dispersed' | undefined) ?? null;
    }
    if (type === 'disability') {
      const grade = row.disabilityGrade ? GRADE_BY_LABEL.get(row.disabilityGrade.trim()) : null;
      if (row.disabilityGrade && !grade)
        unknown('disabilityGrade', row.disabilityGrade, ['一级', '二级', '三级', '四级']);
      const dtype = row.disabilityType ? DISABILITY_TYPE_BY_LABEL.get(row.disabilityType.trim()) : null;
      if (row.disabilityType && !dtype)
        unknown('disabilityType', row.disabilityType, Object.values(DISABILITY_TYPE_LABELS));
      Object.assign(c, {
        certificateNo: row.disabilityNo || null,
        disabilityGrade: grade ?? null,
        disabilityType: dtype ?? null,
      });
    }
    return [c];
  });
  const hukouText = row.hukou?.trim();
  const hukou = hukouText ? HUKOU_BY_LABEL.get(hukouText) : undefined;
  if (hukouText && !hukou) unknown('hukou', hukouText, HUKOU_BY_LABEL.keys());
  const years = row.residenceYears?.trim();
  const contact =
    row.contactName || row.contactPhone || row.contactRelation
      ? [
          {
            name: row.contactName ?? '',
            relation: row.contactRelation ?? '',
            phone: row.contactPhone || null,
            emergencyOrder: 1,
            sameCommunity: false,
            canCare: false,
            guardian: false,
          },
        ]
      : [];
  return {
    input: {
      name: row.name ?? '',
      idNumber: row.idNumber ?? '',
      phone: row.phone || null,
      regionId: regionId ?? (code ? -1 : undefined),
      address: row.address ?? '',
      hukou: hukou ?? (hukouText ? 'invalid' : undefined),
      residenceYears: years ? (/^\d+$/.test(years) ? Number(years) : Number.NaN) : null,
      livingFlags: flags,
      categories,
      contacts: contact,
    },
    errors,
  };
}

/** Allowed values, for the template's second sheet. */
export const ALLOWED_VALUES: [string, string[]][] = [
  ['户籍', Object.values(HUKOU_LABELS)],
  ['居住情况（可多选，用顿号分隔）', LIVING_FLAGS.map((f) => LIVING_FLAG_LABELS[f])],
  ['类别（可多选，用顿号分隔）', CATEGORY_TYPES.map((c) => CATEGORY_LABELS[c])],
  ['特困供养方式', Object.values(SUPPORT_MODE_LABELS)],
  ['残疾等级', ['一级', '二级', '三级', '四级']],
  ['残疾类型', DISABILITY_TYPES.map((d) => DISABILITY_TYPE_LABELS[d])],
];
