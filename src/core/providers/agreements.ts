// A service agreement's state on a date. Expiry is not stored: an active agreement past its
// end date is expired, and one before its start has not begun.
import type { AgreementState } from '../../shared/service-labels.js';

export interface AgreementDates {
  status: 'active' | 'suspended' | 'terminated';
  startDate: string;
  endDate: string;
}

export function agreementState(a: AgreementDates, today: string): AgreementState {
  if (a.status === 'terminated') return 'terminated';
  if (a.endDate < today) return 'expired';
  if (a.status === 'suspended') return 'suspended';
  if (a.startDate > today) return 'not_started';
  return 'active';
}

/** Whether a provider may be sent work on a date: approved and an active agreement covers it. */
export function mayServeOn(providerStatus: string, agreements: readonly AgreementDates[], date: string): boolean {
  return (
    providerStatus === 'approved' &&
    agreements.some((a) => a.status === 'active' && a.startDate <= date && date <= a.endDate)
  );
}

/** Two agreements of one provider may not cover the same day unless one was terminated. */
export function overlappingAgreement<A extends AgreementDates>(
  existing: readonly A[],
  next: Pick<AgreementDates, 'startDate' | 'endDate'>,
): A | null {
  return (
    existing.find((a) => a.status !== 'terminated' && a.startDate <= next.endDate && next.startDate <= a.endDate) ??
    null
  );
}
