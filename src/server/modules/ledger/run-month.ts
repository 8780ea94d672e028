// The ledger's month: first what the previous month leaves lapses (hours at month end unless the
// policy carries them within the year; everything at year end), then the month's hours and
// vouchers are issued from the entitlements that hold in it. Both are keyed by account and
// month, so a second run — on another server, or after a crash half way — adds nothing.
import { and, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { elders, entitlements, ledgerAccounts, ledgerEntries, policyVersions } from '../../db/schema.js';
import { issuanceFor, withCoverage } from '../../../core/ledger/issuance.js';
import { monthEnd, previousMonth } from '../../../core/calendar/months.js';
import type { Benefit, PolicyParams } from '../../../core/policy/policy.js';
import { versionOn } from '../../../core/dated.js';
import { writeAudit, type AuditActor } from '../audit/audit-writer.js';

const CHUNK = 1000;

type ParamsOn = (programme: string, date: string) => PolicyParams | null;

async function policyParams(db: DbOrTx): Promise<{ paramsOn: ParamsOn; programmes: string[] }> {
  const versions = await db.select().from(policyVersions);
  const paramsOn: ParamsOn = (programme, date) =>
    (versionOn(
      versions.filter((v) => v.programme === programme),
      date,
    )?.params as PolicyParams | undefined) ?? null;
  return { paramsOn, programmes: [...new Set(versions.map((v) => v.programme))] };
}

/**
 * Issues a month's hours and vouchers — to every elder, or to one (a draw made before the month
 * job reached this server issues the elder's month first). Returns how many entries it added.
 */
export async function issueMonth(tx: DbOrTx, month: string, paramsOn: ParamsOn, elderId?: number): Promise<number> {
  const from = `${month}-01`,
    to = monthEnd(month);
  const rows = await tx
    .select({ e: entitlements, regionId: elders.regionId })
    .from(entitlements)
    .innerJoin(elders, eq(elders.id, entitlements.elderId))
    .where(
      and(
        lte(entitlements.validFrom, to),
        or(isNull(entitlements.validTo), gte(entitlements.validTo, from)),
        elderId === undefined ? undefined : eq(entitlements.elderId, elderId),
      ),
    );
  // An elder may hold two periods of one programme in a month (a class change): their issues add
  // up. A yearly voucher counts its year from where the programme's cover began, not the period.
  const totals = new Map<
    string,
    {
      elderId: number;
      regionId: number;
      programme: string;
      unit: 'minutes' | 'fen';
      amount: number;
      notes: string[];
      yearly: boolean;
    }
  >();
  const spans = withCoverage(
    rows.map((r) => ({ ...r, from: r.e.validFrom, to: r.e.validTo })),
    (r) => `${r.e.elderId}:${r.e.programme}`,
  );
  for (const { e, regionId, coveredSince } of spans) {
    const prorate = paramsOn(e.programme, e.validFrom < from ? from : e.validFrom)?.ledger?.prorate ?? true;
    const span = { from: e.validFrom, to: e.validTo, coveredSince };
    const issue = issuanceFor(e.benefit as Benefit, month, span, prorate);
    if (!issue) continue;
    const key = `${e.elderId}:${e.programme}:${issue.unit}`;
    const t = totals.get(key) ?? {
      elderId: e.elderId,
      regionId,
      programme: e.programme,
      unit: issue.unit,
      amount: 0,
      notes: [],
      yearly: true,
    };
    t.amount += issue.amount;
    t.notes.push(issue.note);
    t.yearly &&= issue.basis === 'year';
    totals.set(key, t);
  }
  const list = [...totals.values()];
  let issued = 0;
  for (let i = 0; i < list.length; i += CHUNK) {
    const chunk = list.slice(i, i + CHUNK);
    await tx
      .insert(ledgerAccounts)
      .values(chunk.map((t) => ({ elderId: t.elderId, regionId: t.regionId, programme: t.programme, unit: t.unit })))
      .onConflictDoNothing();
    const accounts = await tx
      .select({
        id: ledgerAccounts.id,
        elderId: ledgerAccounts.elderId,
        programme: ledgerAccounts.programme,
        unit: ledgerAccounts.unit,
      })
      .from(ledgerAccounts)
      .where(inArray(ledgerAccounts.elderId, [...new Set(chunk.map((t) => t.elderId))]));
    const idOf = new Map(accounts.map((a) => [`${a.elderId}:${a.programme}:${a.unit}`, a.id]));
    const made = await tx
      .insert(ledgerEntries)
      .values(
        chunk.map((t) => ({
          accountId: idOf.get(`${t.elderId}:${t.programme}:${t.unit}`)!,
          kind: 'issue' as const,
          amount: t.amount,
          period: month,
          basis: t.yearly ? ('year' as const) : ('month' as const),
          note: t.notes.join('；').slice(0, 200),
        })),
      )
      .onConflictDoNothing()
      .returning({ id: ledgerEntries.id });
    issued += made.length;
  }
  return issued;
}

/** Issues one elder's month if nothing of it was issued yet (idempotent like the month job). */
export async function ensureElderMonth(tx: DbOrTx, elderId: number, month: string) {
  const done = (await tx.execute(sql`select 1 from ledger_entries e join ledger_accounts a on a.id = e.account_id
    where a.elder_id = ${elderId} and e.kind = 'issue' and e.period = ${month} limit 1`)) as unknown as {
    rows: unknown[];
  };
  if (done.rows.length) return;
  await issueMonth(tx, month, (await policyParams(tx)).paramsOn, elderId);
}

export async function runLedgerMonth(db: Db, month: string, audit: AuditActor) {
  const prev = previousMonth(month);
  const { paramsOn, programmes } = await policyParams(db);
  return db.transaction(async (tx) => {
    // One month job at a time across servers; the unique keys would hold anyway.
    await tx.execute(sql`select pg_advisory_xact_lock(20261123)`);
    const carrying = programmes.filter((p) => paramsOn(p, `${prev}-28`)?.ledger?.carryHoursWithinYear);
    const december = prev.endsWith('-12');
    // What visits of the month still hold (done but not yet drawn, waiting on an exception's
    // review) does not lapse: the draw comes when the review accepts the visit.
    const lapsed = (await tx.execute(sql`
      insert into ledger_entries (account_id, kind, amount, period, note)
      select a.id, 'expire', -(b.balance - coalesce(h.held, 0)), ${prev}, ${december ? '年末未用完，作废' : '月末未用完，作废'}
      from ledger_accounts a
      join (select account_id, sum(amount)::int as balance from ledger_entries where period <= ${prev} group by account_id) b on b.account_id = a.id
      left join lateral (
        select sum(coalesce((o.usage -> (case when a.unit = 'minutes' then 'hours' else 'vouchers' end) ->> a.programme)::int, 0))::int as held
        from orders o where o.elder_id = a.elder_id and o.drawn_at is null and o.service_date <= ${monthEnd(prev)}
          and o.state not in ('cancelled', 'no_show') and o.verification is distinct from 'rejected'
      ) h on true
      where b.balance - coalesce(h.held, 0) > 0 and (${december} or (a.unit = 'minutes' and not (a.programme = any(${`{${carrying.join(',')}}`}::text[]))))
      on conflict do nothing
      returning id`)) as unknown as { rows: unknown[] };
    // Paper vouchers are good for the year they were printed in: at its end the unredeemed expire.
    const expired = december
      ? (
          (await tx.execute(sql`update paper_vouchers set state = 'void'
      where state = 'issued' and (issued_at at time zone 'Asia/Shanghai')::date < ${`${month.slice(0, 4)}-01-01`} returning id`)) as unknown as {
            rows: unknown[];
          }
        ).rows.length
      : 0;
    const issued = await issueMonth(tx, month, paramsOn);
    const result = { month, issued, lapsed: lapsed.rows.length };
    if (expired)
      await writeAudit(tx, audit, {
        action: 'voucher.expire',
        entityType: 'voucher',
        entityId: prev.slice(0, 4),
        after: { expired },
      });
    if (issued || result.lapsed)
      await writeAudit(tx, audit, { action: 'ledger.month', entityType: 'ledger', entityId: month, after: result });
    return result;
  });
}
