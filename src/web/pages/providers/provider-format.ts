import { CreditCode } from '../../../shared/schemas/providers.js';
import { schemaRule } from '../../components/form-errors.js';
import {
  AGREEMENT_STATE_LABELS,
  PROVIDER_KIND_LABELS,
  PROVIDER_KINDS,
  PROVIDER_STATUS_LABELS,
  LICENCE_KINDS,
  LICENCE_LABELS,
  AGREEMENT_STATES,
  type AgreementState,
} from '../../../shared/service-labels.js';

export const AGREEMENT_COLORS: Record<AgreementState, string> = {
  active: 'green',
  not_started: 'blue',
  suspended: 'orange',
  expired: 'red',
  terminated: 'default',
};
export const STATUS_COLORS = { pending: 'gold', approved: 'green', rejected: 'red' } as const;
export const kindOptions = PROVIDER_KINDS.map((k) => ({ value: k, label: PROVIDER_KIND_LABELS[k] }));
export const statusOptions = Object.entries(PROVIDER_STATUS_LABELS).map(([value, label]) => ({ value, label }));
export const agreementOptions = AGREEMENT_STATES.map((s) => ({ value: s, label: AGREEMENT_STATE_LABELS[s] }));
export const licenceOptions = LICENCE_KINDS.map((k) => ({ value: k, label: LICENCE_LABELS[k] }));
export const rating = (v: number | null) => (v === null ? '—' : v.toFixed(1));

export const creditCodeRule = schemaRule(CreditCode, true);
