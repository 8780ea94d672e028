// Queries of one transaction share one connection, which runs one query at a time: awaiting
// several together only queues them inside the driver (node-postgres warns, and its next major
// version refuses). Drizzle's query builders start only when awaited, so passed here unawaited
// they run one after another; an async function's promise has started already and would not.
export async function inTurn<T extends unknown[]>(...queries: { [K in keyof T]: PromiseLike<T[K]> }): Promise<T> {
  const out: unknown[] = [];
  for (const q of queries) out.push(await q);
  return out as T;
}
