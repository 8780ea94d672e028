// The rows of a raw `execute`: node-postgres and PGlite both answer with `{ rows }`, which
// drizzle's types leave unknown.
export const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;
