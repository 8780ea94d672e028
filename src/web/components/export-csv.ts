// Exports a list as a CSV file that Excel opens with Chinese intact (UTF-8 with BOM).
import { csvText } from '../../shared/csv.js';

export function downloadCsv<T>(filename: string, columns: { title: string; value: (row: T) => unknown }[], rows: T[]) {
  const blob = new Blob([csvText([columns.map((c) => c.title), ...rows.map((r) => columns.map((c) => c.value(r)))])], {
    type: 'text/csv;charset=utf-8',
  });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  a.click();
  URL.revokeObjectURL(a.href);
}

/** Fetches every page of a paged list, for export. */
export async function fetchAllPages<T>(
  load: (page: number, pageSize: number) => Promise<{ items: T[]; total: number }>,
) {
  const pageSize = 200;
  const first = await load(1, pageSize);
  const items = [...first.items];
  for (let page = 2; (page - 1) * pageSize < first.total; page++) items.push(...(await load(page, pageSize)).items);
  return items;
}
