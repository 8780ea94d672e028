// One serialisation of a JSON value whatever the order of its keys: what a digest or a comparison
// of stored documents needs, since jsonb and object spreads reorder keys (the audit chain's seals,
// entitlement terms, the request an idempotency key came with).

/** JSON with object keys sorted at every level; an undefined member is left out, as JSON does. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
