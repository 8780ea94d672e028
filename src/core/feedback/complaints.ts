// A complaint's life (投诉): taken in (open), investigated with notes, answered with a result and
// whether it was upheld (answered), and closed when the complainant confirms the answer; an
// unsatisfied complainant sends it back to open. The deadline counts working days from intake.
import { addWorkingDays, type WorkCalendar } from '../calendar/working-days.js';

export type ComplaintState = 'open' | 'answered' | 'closed';
export type ComplaintAction = 'note' | 'answer' | 'confirm';
export type Confirmation = 'satisfied' | 'unsatisfied' | 'unreachable';

export const COMPLAINT_STATE_LABELS: Record<ComplaintState, string> = {
  open: '处理中',
  answered: '已答复待确认',
  closed: '已办结',
};
export const CONFIRMATION_LABELS: Record<Confirmation, string> = {
  satisfied: '投诉人满意',
  unsatisfied: '投诉人不满意，重新处理',
  unreachable: '多次联系不上，按答复办结',
};

export interface ComplaintStep {
  action: ComplaintAction;
  text: string;
  upheld?: boolean;
  confirmation?: Confirmation;
}
export type ComplaintOutcome = { ok: true; state: ComplaintState } | { ok: false; field: string; message: string };

export function applyComplaintStep(state: ComplaintState, step: ComplaintStep): ComplaintOutcome {
  if (state === 'closed') return { ok: false, field: 'action', message: '投诉已办结，不能再办理' };
  if (step.text.trim().length < 2) return { ok: false, field: 'text', message: '请填写内容（至少 2 个字）' };
  switch (step.action) {
    case 'note':
      return { ok: true, state };
    case 'answer':
      if (state !== 'open') return { ok: false, field: 'action', message: '投诉已答复，待投诉人确认' };
      if (step.upheld === undefined) return { ok: false, field: 'upheld', message: '请选择投诉是否属实' };
      return { ok: true, state: 'answered' };
    case 'confirm':
      if (state !== 'answered') return { ok: false, field: 'action', message: '投诉尚未答复，不能确认' };
      if (!step.confirmation) return { ok: false, field: 'confirmation', message: '请选择投诉人的确认结果' };
      return { ok: true, state: step.confirmation === 'unsatisfied' ? 'open' : 'closed' };
  }
}

/** The answer is due this many working days after the day the complaint came in. */
export const complaintDueOn = (receivedOn: string, workingDays: number, cal: WorkCalendar) =>
  addWorkingDays(receivedOn, workingDays, cal);
