// Settling a visit exception (Sandata's practice): the provider explains it with a reason
// code; the street — or the district above it — accepts it with a resolution code, which
// makes the visit billable, or rejects it, which keeps it out of the bill. A provider may
// also concede an exception itself (reject). Accepted and rejected are final.
import { REASON_CODES, RESOLUTION_CODES } from './verification.js';

export type VerificationStatus = 'verified' | 'exception' | 'explained' | 'accepted' | 'rejected';
export type ReviewLevel = 'provider' | 'street' | 'district';
export type ReviewDecision = 'explain' | 'accept' | 'reject';
export type ReasonCode = (typeof REASON_CODES)[number];
export type ResolutionCode = (typeof RESOLUTION_CODES)[number];

export interface ReviewInput {
  level: ReviewLevel;
  decision: ReviewDecision;
  reasonCode?: string | null;
  resolutionCode?: string | null;
  note: string;
}
export type ReviewOutcome = { ok: true; status: VerificationStatus } | { ok: false; field: string; message: string };

export const BILLABLE_VERIFICATION: readonly VerificationStatus[] = ['verified', 'accepted'];
export const OPEN_EXCEPTION: readonly VerificationStatus[] = ['exception', 'explained'];

export const REASON_LABELS: Record<ReasonCode, string> = {
  gps_unavailable: '手机未取得定位',
  service_away_from_home: '在老人家以外地点服务（如陪同就医）',
  elder_moved_temporarily: '老人临时住在别处',
  forgot_to_punch: '忘记签到或签退',
  elder_ended_early: '老人要求提前结束',
  other: '其他',
};
export const RESOLUTION_LABELS: Record<ResolutionCode, string> = {
  accepted_evidence: '凭证据认可',
  accepted_call_confirmed: '电话向老人核实后认可',
  rejected_not_billable: '不予认可，不得结算',
};
export const VERIFICATION_LABELS: Record<VerificationStatus, string> = {
  verified: '核验通过',
  exception: '异常待说明',
  explained: '已说明待审核',
  accepted: '异常已认可',
  rejected: '异常不认可',
};

export function reviewVisit(status: VerificationStatus | null, r: ReviewInput): ReviewOutcome {
  if (status === null || !OPEN_EXCEPTION.includes(status)) {
    return {
      ok: false,
      field: 'decision',
      message:
        status === null ? '工单尚未签退，没有核验结果' : `核验状态为「${VERIFICATION_LABELS[status]}」，无需审核`,
    };
  }
  if (r.note.trim().length < 2) return { ok: false, field: 'note', message: '请填写说明（至少 2 个字）' };
  if (r.decision === 'explain') {
    if (r.level !== 'provider') return { ok: false, field: 'decision', message: '异常说明由服务机构填写' };
    if (!r.reasonCode || !(REASON_CODES as readonly string[]).includes(r.reasonCode))
      return { ok: false, field: 'reasonCode', message: '请选择异常原因' };
    return { ok: true, status: 'explained' };
  }
  if (r.decision === 'accept') {
    if (r.level === 'provider')
      return { ok: false, field: 'decision', message: '服务机构不能认可自己的异常，须由街道审核' };
    if (r.resolutionCode !== 'accepted_evidence' && r.resolutionCode !== 'accepted_call_confirmed')
      return { ok: false, field: 'resolutionCode', message: '认可须选择认可依据' };
    return { ok: true, status: 'accepted' };
  }
  if (r.level !== 'provider' && r.resolutionCode !== 'rejected_not_billable')
    return { ok: false, field: 'resolutionCode', message: '不认可须选择处理结果「不予认可，不得结算」' };
  return { ok: true, status: 'rejected' };
}
