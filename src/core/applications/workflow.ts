// The application path (申请审批): community survey, public notice, street review, district
// approval, with deadlines in working days and approval taking effect the next quarter. A pure
// state machine: who may do what in which state, and what follows.
import { addWorkingDays, deadlineAfterCalendarDays, type WorkCalendar } from '../calendar/working-days.js';

export const APP_STATES = [
  'submitted',
  'surveyed',
  'in_notice',
  'street_review',
  'district_review',
  'approved',
  'rejected',
  'returned',
  'cancelled',
] as const;
export type AppState = (typeof APP_STATES)[number];

export const APP_ACTIONS = [
  'survey',
  'democratic_review',
  'start_notice',
  'record_objection',
  'resolve_objection',
  'end_notice',
  'street_approve',
  'district_approve',
  'reject',
  'return',
  'resubmit',
  'cancel',
] as const;
export type AppAction = (typeof APP_ACTIONS)[number];

export type Level = 'community' | 'street' | 'district';

/** 特困 (five-guarantee) applications start with the villagers' democratic review instead of a home survey. */
export type AppPath = 'standard' | 'five_guarantee';

export interface DemocraticReview {
  reviewDate: string;
  participants: number;
  votesFor: number;
  votesAgainst: number;
}

export interface AppSnapshot {
  path: AppPath;
  state: AppState;
  submittedOn: string;
  noticeFrom: string | null;
  noticeTo: string | null;
  openObjections: number;
}

export interface ActionInput {
  action: AppAction;
  level: Level;
  today: string;
  opinion: string;
  noticeFrom?: string;
  noticeTo?: string;
  review?: DemocraticReview;
}

export interface Rules {
  noticeDays: number;
  deadlines: { community: number; street: number; district: number };
}

export type Outcome =
  | {
      ok: true;
      state: AppState;
      deadline: string | null;
      effectiveFrom?: string;
      noticeFrom?: string;
      noticeTo?: string;
      objectionsDelta?: number;
    }
  | { ok: false; field: string; message: string };

const STATE_NAMES: Record<AppState, string> = {
  submitted: '社区受理',
  surveyed: '入户调查完成',
  in_notice: '公示中',
  street_review: '街道审核',
  district_review: '区审批',
  approved: '已批准',
  rejected: '未批准',
  returned: '退回补充',
  cancelled: '已撤销',
};
export const stateName = (s: AppState) => STATE_NAMES[s];

/** Where each action may start, and who may take it. */
const ALLOWED: Record<AppAction, { from: AppState[]; levels: Level[] }> = {
  survey: { from: ['submitted'], levels: ['community'] },
  democratic_review: { from: ['submitted'], levels: ['community'] },
  start_notice: { from: ['surveyed'], levels: ['community'] },
  record_objection: { from: ['in_notice'], levels: ['community'] },
  resolve_objection: { from: ['in_notice'], levels: ['community'] },
  end_notice: { from: ['in_notice'], levels: ['community'] },
  street_approve: { from: ['street_review'], levels: ['street'] },
  district_approve: { from: ['district_review'], levels: ['district'] },
  reject: {
    from: ['submitted', 'surveyed', 'street_review', 'district_review'],
    levels: ['community', 'street', 'district'],
  },
  return: { from: ['street_review', 'district_review'], levels: ['street', 'district'] },
  resubmit: { from: ['returned'], levels: ['community'] },
  cancel: {
    from: ['submitted', 'surveyed', 'in_notice', 'street_review', 'district_review', 'approved', 'returned'],
    levels: ['community', 'street', 'district'],
  },
};
const PATH_ONLY: Partial<Record<AppAction, AppPath>> = { survey: 'standard', democratic_review: 'five_guarantee' };

/** What a desk at this level can do to an application in this state. */
export function actionsFor(state: AppState, level: Level, path: AppPath = 'standard'): AppAction[] {
  return APP_ACTIONS.filter(
    (a) => ALLOWED[a].from.includes(state) && ALLOWED[a].levels.includes(level) && (PATH_ONLY[a] ?? path) === path,
  );
}

const LEVEL_NAMES: Record<Level, string> = { community: '社区', street: '街道', district: '区' };

/** Which level's desk a state waits on. */
export function ownerOf(state: AppState): Level | null {
  switch (state) {
    case 'submitted':
    case 'surveyed':
    case 'in_notice':
    case 'returned':
      return 'community';
    case 'street_review':
      return 'street';
    case 'district_review':
      return 'district';
    default:
      return null;
  }
}

/** The first day of the quarter after the given date: approvals are batched quarterly. */
export function nextQuarterStart(iso: string): string {
  const y = Number(iso.slice(0, 4));
  const q = Math.floor((Number(iso.slice(5, 7)) - 1) / 3);
  return q === 3 ? `${y + 1}-01-01` : `${y}-${String((q + 1) * 3 + 1).padStart(2, '0')}-01`;
}

export function act(app: AppSnapshot, input: ActionInput, rules: Rules, cal: WorkCalendar): Outcome {
  const rule = ALLOWED[input.action];
  if (!rule.levels.includes(input.level)) {
    return {
      ok: false,
      field: 'action',
      message: `${LEVEL_NAMES[input.level]}不能执行此操作（由${rule.levels.map((l) => LEVEL_NAMES[l]).join('、')}办理）`,
    };
  }
  const only = PATH_ONLY[input.action];
  if (only && only !== app.path) {
    return {
      ok: false,
      field: 'action',
      message:
        app.path === 'five_guarantee'
          ? '特困供养申请须先经村民民主评议，不做入户调查这一步'
          : '只有特困供养申请需要民主评议',
    };
  }
  if (!rule.from.includes(app.state)) {
    return {
      ok: false,
      field: 'action',
      message: `申请当前处于「${STATE_NAMES[app.state]}」，不能执行此操作；可能已有人处理过，请刷新`,
    };
  }
  const needsOpinion = [
    'survey',
    'democratic_review',
    'street_approve',
    'district_approve',
    'reject',
    'return',
    'cancel',
    'record_objection',
    'resolve_objection',
  ];
  if (needsOpinion.includes(input.action) && input.opinion.trim().length < 2)
    return { ok: false, field: 'opinion', message: '请填写意见（至少 2 个字）' };
  const t = input.today;
  switch (input.action) {
    case 'survey':
      return { ok: true, state: 'surveyed', deadline: null };
    case 'democratic_review': {
      const r = input.review;
      if (!r) return { ok: false, field: 'review', message: '请填写民主评议的日期、参加人数和表决结果' };
      if (r.reviewDate > t) return { ok: false, field: 'review.reviewDate', message: '评议日期不能晚于今天' };
      if (r.participants < 1 || r.votesFor < 0 || r.votesAgainst < 0 || r.votesFor + r.votesAgainst > r.participants) {
        return { ok: false, field: 'review.votesFor', message: '赞成票与反对票之和不能超过参加人数' };
      }
      // Passed by more than half of those present; otherwise the application ends here.
      return r.votesFor * 2 > r.participants
        ? { ok: true, state: 'surveyed', deadline: null }
        : { ok: true, state: 'rejected', deadline: null };
    }
    case 'start_notice': {
      if (!input.noticeFrom || !input.noticeTo)
        return { ok: false, field: 'noticeFrom', message: '请填写公示起止日期' };
      if (input.noticeFrom < t) return { ok: false, field: 'noticeFrom', message: '公示不能从过去的日期开始' };
      const days = (Date.parse(input.noticeTo) - Date.parse(input.noticeFrom)) / 86_400_000 + 1;
      if (days < rules.noticeDays)
        return { ok: false, field: 'noticeTo', message: `公示期至少 ${rules.noticeDays} 天，当前为 ${days} 天` };
      return {
        ok: true,
        state: 'in_notice',
        deadline: deadlineAfterCalendarDays(input.noticeTo, 1, cal),
        noticeFrom: input.noticeFrom,
        noticeTo: input.noticeTo,
      };
    }
    case 'record_objection':
      return { ok: true, state: 'in_notice', deadline: null, objectionsDelta: 1 };
    case 'resolve_objection':
      if (app.openObjections === 0) return { ok: false, field: 'action', message: '没有待处理的异议' };
      return { ok: true, state: 'in_notice', deadline: null, objectionsDelta: -1 };
    case 'end_notice':
      if (!app.noticeTo || t <= app.noticeTo)
        return { ok: false, field: 'action', message: `公示期到 ${app.noticeTo} 为止，期满后才能结束` };
      if (app.openObjections > 0)
        return { ok: false, field: 'action', message: `还有 ${app.openObjections} 条异议未处理` };
      return { ok: true, state: 'street_review', deadline: addWorkingDays(t, rules.deadlines.street, cal) };
    case 'street_approve':
      return { ok: true, state: 'district_review', deadline: addWorkingDays(t, rules.deadlines.district, cal) };
    case 'district_approve':
      return { ok: true, state: 'approved', deadline: null, effectiveFrom: nextQuarterStart(t) };
    case 'reject':
      return { ok: true, state: 'rejected', deadline: null };
    case 'return':
      return { ok: true, state: 'returned', deadline: null };
    case 'resubmit':
      return { ok: true, state: 'submitted', deadline: addWorkingDays(t, rules.deadlines.community, cal) };
    case 'cancel':
      return { ok: true, state: 'cancelled', deadline: null };
  }
}

/** The deadline of a new application: the community's survey is due in N working days. */
export function firstDeadline(submittedOn: string, rules: Rules, cal: WorkCalendar): string {
  return addWorkingDays(submittedOn, rules.deadlines.community, cal);
}

export const isOverdue = (deadline: string | null, today: string) => deadline !== null && today > deadline;
