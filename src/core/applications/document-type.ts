// What a file is, by its first bytes rather than its name or the browser's word for it.
export type DocumentMime = 'application/pdf' | 'image/jpeg' | 'image/png';

export function sniffDocument(head: Uint8Array): DocumentMime | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'; // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  return null;
}

export const DOCUMENT_KINDS = [
  'id_copy',
  'dibao_certificate',
  'edge_certificate',
  'sanwu_certificate',
  'disability_certificate',
  'residence_proof',
  'photo',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The documents an application needs before the home survey, by the elder's categories. */
export function requiredDocuments(categoryTypes: readonly string[]): DocumentKind[] {
  const kinds: DocumentKind[] = ['id_copy'];
  if (categoryTypes.includes('dibao')) kinds.push('dibao_certificate');
  if (categoryTypes.includes('dibao_edge')) kinds.push('edge_certificate');
  if (categoryTypes.includes('sanwu')) kinds.push('sanwu_certificate');
  if (categoryTypes.includes('disability')) kinds.push('disability_certificate');
  return kinds;
}
