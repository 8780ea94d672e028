// Exports a list as a CSV file that Excel opens with Chinese intact (UTF-8 with BOM).
export function downloadCsv<T>(filename: string, columns: { title: string; value: (row: T) => unknown }[], rows: T[]) {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    // A leading = + - @ would run as a formula in Excel.
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
    return /[",\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  const lines = [columns.map((c) => cell(c.title)).join(','), ...rows.map((r) => columns.map((c) => cell(c.value(r))).join(','))];
  const blob = new Blob(['\uFEFF' + lines.join('\r\n')], { type: 'text/csv;charset=utf-8' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  a.click();
  URL.revokeObjectURL(a.href);
}

/** Fetches every page of a paged list, for export. */
export async function fetchAllPages<T>(load: (page: number, pageSize: number) => Promise<{ items: T[]; total: number }>) {
  const pageSize = 200;
  const first = await load(1, pageSize);
  const items = [...first.items];
  for (let page = 2; (page - 1) * pageSize < first.total; page++) items.push(...(await load(page, pageSize)).items);
  return items;
}
