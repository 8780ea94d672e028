import { z } from '../zod.js';

export const Id = z.coerce.number().int().positive();
export const IdParams = z.object({ id: Id });

export const FieldError = z.object({ field: z.string(), message: z.string() });
/** RFC 9457 problem details, with per-field errors for validation failures. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(FieldError).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

/** Sort like "name" or "-createdAt" over an allowed list of fields. */
export function sortParam<const F extends readonly [string, ...string[]]>(fields: F, fallback: string) {
  const allowed = fields.flatMap((f) => [f, `-${f}`]) as [string, ...string[]];
  return z.enum(allowed).default(fallback);
}

export const Ok = z.object({ ok: z.literal(true) });
