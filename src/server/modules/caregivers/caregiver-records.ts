// Between the contract and the tables: personal data encrypted and indexed like an elder's,
// and rows shaped into what a caller may see (masked), with whether the caregiver may be sent.
import type { CaregiverDetail, CaregiverListItem, CertificateInput } from '../../../shared/schemas/caregivers.js';
import { ageOn, maskIdNumber } from '../../../core/elders/idcard.js';
import {
  certificateProblem,
  dispatchBlockers,
  expiryState,
  validOn,
  type CertificateKind,
  type Skill,
} from '../../../core/caregivers/certificates.js';
import type { ProviderRules } from '../../../core/providers/rules.js';
import { CARE_WORKER_LEVELS, CERTIFICATE_LABELS, SKILL_LABELS } from '../../../shared/service-labels.js';
import type { caregiverCertificates, caregivers } from '../../db/schema.js';
import type { FieldError } from '../../http/problem-types.js';
import { CAREGIVER_MESSAGES as M } from './messages.js';

type Row = typeof caregivers.$inferSelect;
type CertRow = typeof caregiverCertificates.$inferSelect;

/** Field errors of certificates as entered; `prefix` places them in a form's list. */
export function certificateErrors(certs: CertificateInput[], today: string, prefix: string): FieldError[] {
  const errors: FieldError[] = [];
  certs.forEach((c, i) => {
    const p = certificateProblem(
      { kind: c.kind, level: c.level ?? null, issuedOn: c.issuedOn, validUntil: c.validUntil ?? null },
      today,
    );
    const at = prefix ? `${prefix}.${i}.` : '';
    if (p)
      errors.push({
        field: `${at}${p === 'expiry_before_issue' ? 'validUntil' : p === 'issued_in_future' ? 'issuedOn' : 'level'}`,
        message: M.certificate[p],
      });
    if (c.kind === 'health' && !c.validUntil) errors.push({ field: `${at}validUntil`, message: M.healthExpiry });
  });
  return errors;
}

const labels = {
  skill: (s: string) => SKILL_LABELS[s as Skill] ?? s,
  certificate: (k: string) => CERTIFICATE_LABELS[k as CertificateKind] ?? k,
};

function bestQualification(certs: CertRow[], today: string, kinds: readonly string[]): string | null {
  const valid = certs.filter((c) => kinds.includes(c.kind) && validOn(c, today));
  if (!valid.length) return null;
  const care = valid.filter((c) => c.kind === 'care_worker').sort((a, b) => (a.level ?? 9) - (b.level ?? 9))[0];
  if (care) return `养老护理员${CARE_WORKER_LEVELS[care.level ?? 5] ?? ''}`;
  return CERTIFICATE_LABELS[valid[0].kind as CertificateKind] ?? valid[0].kind;
}

export function toListItem(
  r: Row & { providerName: string },
  certs: CertRow[],
  today: string,
  rules: ProviderRules,
): CaregiverListItem {
  const health = certs
    .filter((c) => c.kind === 'health')
    .sort((a, b) => (b.validUntil ?? '9999').localeCompare(a.validUntil ?? '9999'))[0];
  const blockers = dispatchBlockers(
    {
      status: r.status,
      skills: r.skills,
      certificates: certs.map((c) => ({
        kind: c.kind as CertificateKind,
        issuedOn: c.issuedOn,
        validUntil: c.validUntil,
      })),
    },
    today,
    {},
    labels,
  );
  return {
    id: r.id,
    providerId: r.providerId,
    providerName: r.providerName,
    name: r.name,
    sex: r.sex,
    age: ageOn(r.birthDate, today),
    // Re-masked on read: rows stored before the 1 + 1 mask hold the old, completable form.
    idMasked: maskIdNumber(r.idMasked),
    phoneMasked: r.phoneMasked,
    skills: r.skills as Skill[],
    status: r.status,
    healthValidUntil: health?.validUntil ?? null,
    healthExpiry: health ? expiryState(health.validUntil, today, rules.alertDays) : 'missing',
    qualification: bestQualification(certs, today, rules.qualificationKinds),
    dispatchable: blockers.length === 0,
    blockers,
    hasPhoto: r.photoSha256 !== null,
    joinedOn: r.joinedOn,
  };
}

/**
 * The record as its detail page shows it: `certs` are the certificates on file (the only ones that
 * count), `archived` those taken off file, shown apart with who, when and why.
 */
export function toDetail(
  r: Row & { providerName: string; username: string | null },
  certs: CertRow[],
  archived: (CertRow & { archivedByName: string | null })[],
  today: string,
  rules: ProviderRules,
): CaregiverDetail {
  return {
    ...toListItem(r, certs, today, rules),
    birthYear: Number(r.birthDate.slice(0, 4)),
    workDays: r.workDays,
    workStart: r.workStart,
    workEnd: r.workEnd,
    homeAddress: r.homeAddress,
    homeLng: r.homeLng,
    homeLat: r.homeLat,
    statusReason: r.statusReason,
    username: r.username,
    certificates: certs
      .sort((a, b) => a.kind.localeCompare(b.kind) || b.issuedOn.localeCompare(a.issuedOn))
      .map((c) => ({
        id: c.id,
        kind: c.kind as CertificateKind,
        level: c.level,
        number: c.number,
        issuer: c.issuer,
        issuedOn: c.issuedOn,
        validUntil: c.validUntil,
        expiry: expiryState(c.validUntil, today, rules.alertDays),
      })),
    archivedCertificates: archived.map((c) => ({
      id: c.id,
      kind: c.kind as CertificateKind,
      level: c.level,
      number: c.number,
      issuer: c.issuer,
      issuedOn: c.issuedOn,
      validUntil: c.validUntil,
      archivedAt: c.archivedAt!.toISOString(),
      archivedByName: c.archivedByName,
      archiveReason: c.archiveReason ?? '',
    })),
    updatedAt: r.updatedAt.toISOString(),
  };
}
