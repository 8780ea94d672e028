// Changes of an approved provider's registration data (name, credit code, legal representative,
// kind, region, parent) wait for review: what differs is recorded as a provider_changes row and
// applied only when someone with review rights, other than who asked, approves it.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { providerChanges, providers, regions, users } from '../../db/schema.js';
import type { ProviderChangeDto } from '../../../shared/schemas/providers.js';
import { PROVIDER_KIND_LABELS, type ProviderKind } from '../../../shared/service-labels.js';
import { PROVIDER_MESSAGES as M } from './messages.js';

export const REVIEWED_FIELDS = ['name', 'creditCode', 'legalRepresentative', 'kind', 'regionId', 'parentId'] as const;
export type ReviewedField = (typeof REVIEWED_FIELDS)[number];
export type ChangeFields = Partial<Record<ReviewedField, { from: unknown; to: unknown }>>;

const isReviewed = (k: string): k is ReviewedField => (REVIEWED_FIELDS as readonly string[]).includes(k);

/**
 * Splits an edit of a provider into the reviewed fields that actually change (from → to) and
 * everything else, which applies at once.
 */
export function splitEdit<T extends Record<string, unknown>>(
  before: Record<ReviewedField, unknown>,
  edit: T,
): { reviewed: ChangeFields; immediate: Partial<T> } {
  const reviewed: ChangeFields = {};
  const immediate: Partial<T> = {};
  for (const [k, v] of Object.entries(edit) as [keyof T & string, T[keyof T & string]][]) {
    if (v === undefined) continue;
    if (!isReviewed(k)) immediate[k] = v;
    else if ((before[k] ?? null) !== (v ?? null)) reviewed[k] = { from: before[k] ?? null, to: v ?? null };
  }
  return { reviewed, immediate };
}

/** The values a change sets: { field: to }. */
export function changeValues(fields: ChangeFields): Partial<typeof providers.$inferInsert> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v!.to]));
}

const requester = alias(users, 'change_requester');
const decider = alias(users, 'change_decider');

/** A provider's changes, newest first, with names for regions, parents and people. */
export async function changesOf(db: DbOrTx, providerId: number, limit = 20): Promise<ProviderChangeDto[]> {
  const rows = await db
    .select({ c: providerChanges, requestedByName: requester.displayName, decidedByName: decider.displayName })
    .from(providerChanges)
    .innerJoin(requester, eq(requester.id, providerChanges.requestedBy))
    .leftJoin(decider, eq(decider.id, providerChanges.decidedBy))
    .where(eq(providerChanges.providerId, providerId))
    .orderBy(desc(providerChanges.requestedAt), desc(providerChanges.id))
    .limit(limit);
  const ids = (field: 'regionId' | 'parentId') =>
    [
      ...new Set(
        rows.flatMap(({ c }) => {
          const f = (c.fields as ChangeFields)[field];
          return f ? [f.from, f.to] : [];
        }),
      ),
    ].filter((x): x is number => typeof x === 'number');
  const regionIds = ids('regionId');
  const parentIds = ids('parentId');
  const [regionNames, parentNames] = await Promise.all([
    regionIds.length
      ? db.select({ id: regions.id, name: regions.name }).from(regions).where(inArray(regions.id, regionIds))
      : [],
    parentIds.length
      ? db.select({ id: providers.id, name: providers.name }).from(providers).where(inArray(providers.id, parentIds))
      : [],
  ]);
  const text = (field: ReviewedField, v: unknown): string => {
    if (v === null || v === undefined) return field === 'parentId' ? M.noParent : '—';
    if (field === 'kind') return PROVIDER_KIND_LABELS[v as ProviderKind] ?? String(v);
    if (field === 'regionId') return regionNames.find((r) => r.id === v)?.name ?? String(v);
    if (field === 'parentId') return parentNames.find((r) => r.id === v)?.name ?? String(v);
    return String(v);
  };
  return rows.map(({ c, requestedByName, decidedByName }) => ({
    id: c.id,
    state: c.state,
    fields: REVIEWED_FIELDS.filter((f) => (c.fields as ChangeFields)[f]).map((f) => {
      const { from, to } = (c.fields as ChangeFields)[f]!;
      return { field: f, label: M.reviewedFields[f], from, to, fromText: text(f, from), toText: text(f, to) };
    }),
    requestedById: c.requestedBy,
    requestedByName,
    requestedAt: c.requestedAt.toISOString(),
    decidedByName: decidedByName ?? null,
    decidedAt: c.decidedAt?.toISOString() ?? null,
    decisionNote: c.decisionNote,
  }));
}

/** The change of a provider by its id, locked for the decision. */
export async function loadChange(tx: DbOrTx, providerId: number, changeId: number) {
  const [c] = await tx
    .select()
    .from(providerChanges)
    .where(and(eq(providerChanges.id, changeId), eq(providerChanges.providerId, providerId)))
    .for('update');
  return c ?? null;
}
