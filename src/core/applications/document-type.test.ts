import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_KINDS,
  documentListOf,
  missingDocuments,
  requiredDocuments,
  sniffDocument,
  tallyDocuments,
  tianhougongDocuments,
} from './document-type.js';
import { DOCUMENT_KIND_LABELS } from '../../shared/elder-labels.js';

describe('sniffDocument', () => {
  it('recognises PDF, JPEG and PNG by content', () => {
    expect(sniffDocument(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffDocument(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffDocument(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
  });
  it('refuses anything else, whatever its name', () => {
    expect(sniffDocument(Buffer.from('MZ\x90\x00'))).toBeNull();
    expect(sniffDocument(Buffer.from('<html>'))).toBeNull();
    expect(sniffDocument(Buffer.alloc(0))).toBeNull();
  });
});

describe('required documents follow the seeds (issue 16, point 9)', () => {
  const homeCare = documentListOf('home_care_subsidy');

  it('002 第5篇 L241–249 低保家庭老人:「《区居家养老服务申请审批表》;《最低生活保障证》复印件;申请人身份证复印件;与子女不在同一社区居住的证明」', () => {
    expect(requiredDocuments(homeCare, ['dibao'])).toEqual([
      'application_form',
      'id_copy',
      'dibao_certificate',
      'residence_proof',
    ]);
  });
  it('002 第5篇 L251–259 低保边缘家庭老人:「《城乡居民低保边缘家庭资格认定审批档案》…与子女不在同一社区居住的证明」', () => {
    expect(requiredDocuments(homeCare, ['dibao_edge'])).toEqual([
      'application_form',
      'id_copy',
      'edge_certificate',
      'residence_proof',
    ]);
  });
  it('002 第5篇 L261–267 城市“三无”老人:「所在社区居委会、街道出具的“三无”人员证明」, and no proof about the children', () => {
    expect(requiredDocuments(homeCare, ['sanwu'])).toEqual(['application_form', 'id_copy', 'sanwu_certificate']);
  });
  it('asks nothing the 002 list does not name (no disability certificate), and unions the lists of an elder in two kinds', () => {
    expect(requiredDocuments(homeCare, ['disability', 'sanwu', 'dibao'])).toEqual([
      'application_form',
      'id_copy',
      'dibao_certificate',
      'sanwu_certificate',
      'residence_proof',
    ]);
  });
  it('003 方案3 L233:「《安慶市享受政府購買居家養老服務申請評審表》(一式三份)、3張2寸免冠照片;同時交驗申請人的戶口本、身份證和低保證(符合低償服務對象條件的老人出具…低收入證明)」', () => {
    const free = requiredDocuments({ list: 'tianhougong_003', serviceClass: 'free' }, ['dibao']);
    expect(free.filter((k) => k === 'photo')).toHaveLength(3);
    expect(free).toEqual(
      expect.arrayContaining(['application_form', 'household_register', 'id_copy', 'dibao_certificate']),
    );
    expect(free).not.toContain('residence_proof');
    const lowCost = tianhougongDocuments('low_cost');
    expect(lowCost).toContain('low_income_proof');
    expect(lowCost).not.toContain('dibao_certificate');
  });
  it('a programme whose seeds name no list (seed-sources §9: SILENT) asks only the ID copy', () => {
    expect(requiredDocuments(documentListOf('service_voucher'), ['dibao', 'disability'])).toEqual(['id_copy']);
  });
  it('counts repeated kinds: two photos handed in leave one to go', () => {
    const missing = missingDocuments(tianhougongDocuments('free'), [
      { kind: 'photo' },
      { kind: 'photo' },
      { kind: 'id_copy' },
    ]);
    expect(missing.filter((k) => k === 'photo')).toEqual(['photo']);
    expect(missing).not.toContain('id_copy');
    expect(tallyDocuments(['photo', 'photo', 'id_copy', 'photo'])).toEqual([
      { kind: 'photo', count: 3 },
      { kind: 'id_copy', count: 1 },
    ]);
  });
  it('every kind has a Chinese label', () => {
    for (const k of DOCUMENT_KINDS) expect(DOCUMENT_KIND_LABELS[k]).toMatch(/[\u4e00-\u9fff]/);
  });
});
