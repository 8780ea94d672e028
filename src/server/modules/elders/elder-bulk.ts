// Bulk upsert of elder rows with one INSERT … SELECT FROM unnest(…) per batch: the import and
// the demo generator both write this way (ARCHITECTURE.md measures why).
import type { RawQuery } from '../../db/client.js';
import type { rowValues } from './elder-records.js';

export type ElderRowValues = ReturnType<typeof rowValues>;

const COLUMNS: [keyof ElderRowValues, string, string][] = [
  ['regionId', 'region_id', 'int'],
  ['name', 'name', 'text'],
  ['namePinyin', 'name_pinyin', 'text'],
  ['nameInitials', 'name_initials', 'text'],
  ['idCipher', 'id_cipher', 'text'],
  ['idHash', 'id_hash', 'text'],
  ['idMasked', 'id_masked', 'text'],
  ['birthDate', 'birth_date', 'date'],
  ['sex', 'sex', 'text'],
  ['phoneCipher', 'phone_cipher', 'text'],
  ['phoneHash', 'phone_hash', 'text'],
  ['phoneMasked', 'phone_masked', 'text'],
  ['address', 'address', 'text'],
  ['lng', 'lng', 'float8'],
  ['lat', 'lat', 'float8'],
  ['hukou', 'hukou', 'text'],
  ['residenceYears', 'residence_years', 'int'],
  ['livingFlags', 'living_flags', 'text'],
  ['categories', 'categories', 'text'],
  ['categoryTypes', 'category_types', 'text'],
  ['contacts', 'contacts', 'text'],
  ['health', 'health', 'text'],
];
// A roster re-import refreshes what the roster holds; the health archive, contacts (unless
// given) and coordinates entered in the form are kept.
const KEEP_ON_UPDATE = new Set<keyof ElderRowValues>(['idHash', 'health', 'contacts', 'lng', 'lat']);
const ARRAY_COLUMNS = new Set(['living_flags', 'category_types']);
const JSON_COLUMNS = new Set(['categories', 'contacts', 'health']);

const selectList = COLUMNS.map(([, col], i) => {
  const v = `u.c${i}`;
  if (ARRAY_COLUMNS.has(col)) return `string_to_array(${v}, ',')`;
  if (JSON_COLUMNS.has(col)) return `${v}::jsonb`;
  return v;
}).join(', ');
const UPSERT = `
insert into elders (${COLUMNS.map(([, c]) => c).join(', ')})
select ${selectList}
from unnest(${COLUMNS.map(([, , t], i) => `$${i + 1}::${t}[]`).join(', ')}) as u(${COLUMNS.map((_, i) => `c${i}`).join(', ')})
on conflict (id_hash) do update set
  ${COLUMNS.filter(([k]) => !KEEP_ON_UPDATE.has(k))
    .map(([, c]) => `${c} = excluded.${c}`)
    .join(',\n  ')},
  contacts = case when excluded.contacts = '[]'::jsonb then elders.contacts else excluded.contacts end,
  lng = coalesce(excluded.lng, elders.lng),
  lat = coalesce(excluded.lat, elders.lat),
  updated_at = now()
returning id, (xmax = 0) as inserted`;

/** Inserts new elders and updates existing ones (same ID number). Returns how many of each. */
export async function upsertElders(query: RawQuery, rows: readonly ElderRowValues[]) {
  if (rows.length === 0) return { inserted: 0, updated: 0, ids: [] as number[] };
  const params = COLUMNS.map(([key, col]) =>
    rows.map((r) => {
      const v = r[key];
      if (ARRAY_COLUMNS.has(col)) return (v as string[]).join(',');
      if (JSON_COLUMNS.has(col)) return JSON.stringify(v);
      return v ?? null;
    }),
  );
  const res = await query(UPSERT, params);
  const inserted = res.rows.filter((r) => r.inserted === true).length;
  return { inserted, updated: res.rows.length - inserted, ids: res.rows.map((r) => Number(r.id)) };
}
