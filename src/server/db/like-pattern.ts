// LIKE patterns from what a user typed: % and _ are wildcards to the database and \ its escape
// (PostgreSQL's default), so a search for "%" would match every row. Every search escapes them here.

/** The text with \, % and _ escaped, to match literally inside a LIKE/ILIKE pattern. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/** Rows whose value contains the text. */
export const containsPattern = (text: string) => `%${escapeLike(text)}%`;

/** Rows whose value starts with the text. */
export const prefixPattern = (text: string) => `${escapeLike(text)}%`;
