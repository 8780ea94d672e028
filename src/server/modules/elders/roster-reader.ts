// Streams the rows of an uploaded roster: one row at a time from the first worksheet, so a
// 100,000-row file never becomes a workbook in memory. Reports how far into the file it is.
import { Readable } from 'node:stream';
import ExcelJS, { type Row } from '../../lib/exceljs.js';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An .xlsx file is a zip archive: it starts with PK\x03\x04. */
export const looksLikeXlsx = (file: Buffer) => file.length > 4 && file.readUInt32LE(0) === 0x04034b50;

export interface Cell {
  text: string;
  imprecise: boolean;
}

export function cellText(value: unknown): Cell {
  if (value === null || value === undefined) return { text: '', imprecise: false };
  if (typeof value === 'string') return { text: value.trim(), imprecise: false };
  if (typeof value === 'number')
    return { text: String(value), imprecise: !Number.isSafeInteger(value) && Math.abs(value) > 2 ** 53 };
  if (typeof value === 'boolean') return { text: value ? '是' : '否', imprecise: false };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10), imprecise: false };
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (v.richText)
      return {
        text: v.richText
          .map((p) => p.text)
          .join('')
          .trim(),
        imprecise: false,
      };
    if (v.result !== undefined) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
  }
  return { text: '', imprecise: false };
}

function chunked(file: Buffer, onBytes: (read: number) => void): Readable {
  let offset = 0;
  const size = 64 * 1024;
  return new Readable({
    read() {
      if (offset >= file.length) return void this.push(null);
      const end = Math.min(file.length, offset + size);
      this.push(file.subarray(offset, end));
      offset = end;
      onBytes(offset);
    },
  });
}

export interface SheetRow {
  rowNumber: number;
  cells: Cell[];
}

/** Yields the rows (1-based numbers, cells 0-based) of the first worksheet. */
export async function* readSheetRows(
  file: Buffer,
  onBytes: (read: number) => void = () => {},
): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(chunked(file, onBytes), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<Row>) {
      const values = row.values as unknown[];
      yield { rowNumber: row.number, cells: values.slice(1).map(cellText) };
    }
    // Only the first worksheet holds the roster; the others are instructions.
    return;
  }
}

/**
 * The data rows of the first worksheet: rows after the first (the header) with any filled cell,
 * counted as the import counts them. Read before an import so its progress can be rows written
 * over this total: the bytes read say nothing, as the unzip pulls the whole file in long before
 * the rows are parsed.
 */
export async function countDataRows(file: Buffer): Promise<number> {
  let n = -1;
  for await (const { cells } of readSheetRows(file)) {
    if (n < 0) n = 0;
    else if (cells.some((c) => c.text)) n++;
  }
  return Math.max(n, 0);
}
