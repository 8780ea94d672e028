// Reading a large roster back yields every name exactly as written, including the Chinese
// characters that straddle the reader's chunk boundaries (exceljs alone turned one name of
// this very file into "李��秀").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSheetRows } from '../../src/server/modules/elders/roster-reader.js';
import { writeRoster } from '../helpers/roster-file.js';

describe.runIf(process.env.TEST_DB !== 'postgres')('roster reader', () => {
  it('keeps every Chinese character intact across 5,000 rows', async () => {
    const file = path.join(os.tmpdir(), `names-${process.pid}.xlsx`);
    const grids = Array.from({ length: 149 }, (_, i) => ({
      id: i + 1,
      code: `620102001001${String(i).padStart(3, '0')}`,
      communityCode: '620102001001',
      lng: 103.8,
      lat: 36.06,
      village: false,
    }));
    const inputs = await writeRoster(file, 5000, grids, '2026-11-23');
    const read: string[] = [];
    for await (const row of readSheetRows(fs.readFileSync(file))) if (row.rowNumber > 1) read.push(row.cells[0].text);
    fs.rmSync(file);
    expect(read).toEqual(inputs.map((e) => e.name));
  });
});
