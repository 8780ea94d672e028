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
  'application_form',
  'id_copy',
  'dibao_certificate',
  'edge_certificate',
  'sanwu_certificate',
  'residence_proof',
  'household_register',
  'low_income_proof',
  'photo',
  'disability_certificate',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * Which seed's list of documents an application follows. The seeds give two lists, each for its
 * own local scheme; every other programme's list is SILENT in the seeds (seed-sources.md §9).
 *  - `district_home_care_002`: 002 第5篇 L239–267, government-purchased home care for elders living
 *    alone (区居家养老服务), by applicant kind (低保 / 低保边缘 / 城市“三无”).
 *  - `tianhougong_003`: 003 方案3 L233, Tianhougong community (安庆市), by service class (无偿 / 低偿).
 *  - `silent`: no seed names a list.
 */
export type DocumentList =
  | { list: 'district_home_care_002' }
  | { list: 'tianhougong_003'; serviceClass: 'free' | 'low_cost' }
  | { list: 'silent' };

/**
 * The document list each programme follows. The home-care subsidy follows 002 第5篇 for now; a
 * Tianhougong-style programme attaches `tianhougongDocuments` here once it exists.
 */
export const DOCUMENT_LIST_OF_PROGRAMME: Readonly<Record<string, DocumentList>> = {
  home_care_subsidy: { list: 'district_home_care_002' },
};

export const documentListOf = (programme: string): DocumentList =>
  DOCUMENT_LIST_OF_PROGRAMME[programme] ?? { list: 'silent' };

/**
 * 002 第5篇 L239–267 「申请人须提交以下材料」, by applicant kind; an elder in more than one kind
 * hands in the union.
 */
export function districtHomeCareDocuments(categoryTypes: readonly string[]): DocumentKind[] {
  // Every kind: 「(1)《区居家养老服务申请审批表》」 and 「申请人身份证复印件」 (L243/L247, L253/L257, L263/L267).
  const kinds = new Set<DocumentKind>(['application_form', 'id_copy']);
  if (categoryTypes.includes('dibao')) {
    // L241–249 低保家庭老人: 「《最低生活保障证》复印件」「与子女不在同一社区居住的证明」.
    kinds.add('dibao_certificate').add('residence_proof');
  }
  if (categoryTypes.includes('dibao_edge')) {
    // L251–259 低保边缘家庭老人: 「《城乡居民低保边缘家庭资格认定审批档案》」「与子女不在同一社区居住的证明」.
    kinds.add('edge_certificate').add('residence_proof');
  }
  if (categoryTypes.includes('sanwu')) {
    // L261–267 城市“三无”老人: 「所在社区居委会、街道出具的“三无”人员证明」 — and no residence proof.
    kinds.add('sanwu_certificate');
  }
  // The seed names no document for an elder whose child lives in the same community but cannot
  // care (L213's second branch of 独居): SILENT, so nothing beyond the residence proof is asked.
  return DOCUMENT_KINDS.filter((k) => kinds.has(k));
}

/**
 * 003 方案3 L233 「申請時需提交《安慶市享受政府購買居家養老服務申請評審表》(一式三份)、3張2寸免冠照片;
 * 同時交驗申請人的戶口本、身份證和低保證(符合低償服務對象條件的老人出具由原工作單位或勞動部門開具的
 * 低收入證明)等原件。」 The originals are shown for checking; the community keeps a scan of each. The
 * three photos are three entries.
 */
export function tianhougongDocuments(serviceClass: 'free' | 'low_cost'): DocumentKind[] {
  return [
    'application_form',
    'photo',
    'photo',
    'photo',
    'household_register',
    'id_copy',
    serviceClass === 'low_cost' ? 'low_income_proof' : 'dibao_certificate',
  ];
}

/**
 * The documents an application needs before the home survey (or the democratic review), by the
 * programme's document list and the elder's categories. A kind may appear more than once (three
 * photos). For a programme whose seeds name no list, only the ID copy — every seed list asks for
 * it — is asked; the categories' own evidence is kept on the elder's file.
 */
export function requiredDocuments(list: DocumentList, categoryTypes: readonly string[]): DocumentKind[] {
  switch (list.list) {
    case 'district_home_care_002':
      return districtHomeCareDocuments(categoryTypes);
    case 'tianhougong_003':
      return tianhougongDocuments(list.serviceClass);
    case 'silent':
      return ['id_copy'];
  }
}

/** What is still missing, counting each handed-in document once (two photos leave one to go). */
export function missingDocuments(
  required: readonly DocumentKind[],
  handedIn: readonly { kind: string }[],
): DocumentKind[] {
  const have = new Map<string, number>();
  for (const d of handedIn) have.set(d.kind, (have.get(d.kind) ?? 0) + 1);
  const missing: DocumentKind[] = [];
  for (const k of required) {
    const n = have.get(k) ?? 0;
    if (n > 0) have.set(k, n - 1);
    else missing.push(k);
  }
  return missing;
}

/** The kinds in first-seen order with how many of each, for a list a person reads (二寸免冠照片 ×3). */
export function tallyDocuments(kinds: readonly DocumentKind[]): { kind: DocumentKind; count: number }[] {
  const out: { kind: DocumentKind; count: number }[] = [];
  for (const k of kinds) {
    const seen = out.find((o) => o.kind === k);
    if (seen) seen.count += 1;
    else out.push({ kind: k, count: 1 });
  }
  return out;
}
