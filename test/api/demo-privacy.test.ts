// The demo stores personal data as real files do: no certificate number in clear at rest, even in
// the files the demo edits after loading them (issue 15, finding 1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ elders: 600, demoOrders: true });
});
afterAll(() => t.close());

describe('the demo district at rest', () => {
  it('holds certificate numbers only encrypted, including those the demo adds for its subsidies', async () => {
    const q = async (text: string) =>
      Number(((await t.database.db.execute(sql.raw(text))) as unknown as { rows: { n: string }[] }).rows[0].n);
    expect(await q(`select count(*) as n from elders where categories::text like '%"certificateNo"%'`)).toBe(0);
    expect(
      await q(`select count(*) as n from elders where categories::text like '%certificateNoCipher%'`),
    ).toBeGreaterThan(0);
    // The demo's approved home care follows the rules in force: someone holds it.
    expect(await q(`select count(*) as n from entitlements where programme = 'home_care_subsidy'`)).toBeGreaterThan(0);
  });
});
