// Writes a roster of n generated elders as an .xlsx file (streaming), for the import benchmark.
import ExcelJS from '../../src/server/lib/exceljs.js';
import { seededRandom } from '../../src/core/seeded-random.js';
import { demoElder, type DemoGrid } from '../../src/server/demo/demo-elders.js';
import { ROSTER_COLUMNS } from '../../src/server/modules/elders/roster-columns.js';
import {
  CATEGORY_LABELS,
  DISABILITY_TYPE_LABELS,
  HUKOU_LABELS,
  LIVING_FLAG_LABELS,
  SUPPORT_MODE_LABELS,
} from '../../src/shared/elder-labels.js';
import type { ElderInput } from '../../src/shared/schemas/elders.js';
import type { DbOrTx } from '../../src/server/db/client.js';
import { regions } from '../../src/server/db/schema.js';

export function rosterRow(e: ElderInput, regionCode: string): Record<string, string | null> {
  const cat = (t: string) => e.categories.find((c) => c.type === t);
  const dis = cat('disability');
  return {
    name: e.name,
    idNumber: e.idNumber,
    phone: e.phone ?? null,
    regionCode,
    address: e.address,
    hukou: HUKOU_LABELS[e.hukou],
    residenceYears: e.residenceYears != null ? String(e.residenceYears) : null,
    living: e.livingFlags.map((f) => LIVING_FLAG_LABELS[f]).join('、'),
    categories: e.categories.map((c) => CATEGORY_LABELS[c.type]).join('、'),
    dibaoNo: cat('dibao')?.certificateNo ?? null,
    dibaoUntil: cat('dibao')?.validUntil ?? null,
    dibaoEdgeNo: cat('dibao_edge')?.certificateNo ?? null,
    tekunMode: cat('tekun')?.supportMode ? SUPPORT_MODE_LABELS[cat('tekun')!.supportMode!] : null,
    youfuNo: cat('youfu')?.certificateNo ?? null,
    honourTitle: cat('honour')?.title ?? null,
    expertTitle: cat('expert')?.title ?? null,
    disabilityNo: dis?.certificateNo ?? null,
    disabilityGrade: dis?.disabilityGrade ? `${'一二三四'[dis.disabilityGrade - 1]}级` : null,
    disabilityType: dis?.disabilityType ? DISABILITY_TYPE_LABELS[dis.disabilityType] : null,
    contactName: e.contacts[0]?.name ?? null,
    contactRelation: e.contacts[0]?.relation ?? null,
    contactPhone: e.contacts[0]?.phone ?? null,
  };
}

export async function writeRoster(
  file: string,
  n: number,
  grids: (DemoGrid & { code: string })[],
  today: string,
): Promise<ElderInput[]> {
  const r = seededRandom(7);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const sheet = wb.addWorksheet('老人名册');
  sheet.addRow(ROSTER_COLUMNS.map((c) => c.header)).commit();
  const used = new Set<string>();
  const inputs: ElderInput[] = [];
  for (let i = 0; i < n; i++) {
    const grid = r.pick(grids);
    let e = demoElder(r, grid, i, today);
    for (let seq = i + 1; used.has(e.idNumber); seq++) e = demoElder(r, grid, seq, today);
    used.add(e.idNumber);
    inputs.push(e);
    const row = rosterRow(e, grid.code);
    sheet.addRow(ROSTER_COLUMNS.map((c) => row[c.key])).commit();
  }
  sheet.commit();
  await wb.commit();
  return inputs;
}

/** The district's grids with their community codes, as a roster names them. */
export async function rosterGrids(db: DbOrTx): Promise<(DemoGrid & { code: string })[]> {
  const all = await db.select().from(regions);
  return all
    .filter((r) => r.level === 'grid')
    .map((g) => ({
      id: g.id,
      code: g.code,
      communityCode: all.find((c) => c.id === g.parentId)!.code,
      lng: g.centerLng ?? 103.8,
      lat: g.centerLat ?? 36.06,
      village: false,
    }));
}
