// The operator console's contract: live lists and counts.
import { z } from '../zod.js';

export const ConsoleQuery = z.object({ regionId: z.coerce.number().int().positive().optional() });
export const ConsoleOrder = z.object({
  id: z.number().int(),
  elderId: z.number().int(),
  elderName: z.string(),
  regionName: z.string(),
  state: z.string(),
  startAt: z.string(),
  endAt: z.string(),
  caregiverName: z.string().nullable(),
  providerName: z.string().nullable(),
  stateAt: z.string(),
  verification: z.string().nullable(),
  channel: z.string(),
  /** The order's items, for the operator's call to confirm them. */
  items: z.string(),
});
const List = z.object({ total: z.number().int(), items: z.array(ConsoleOrder) });
/**
 * toConfirm (今日待确认): today's plan orders the operator has yet to confirm with the elder —
 * 「话务员……向自己所负责的街道里的老人确认当天的服务项目和服务时间」(000 范文3 L119); new: other orders
 * taken but not yet confirmed.
 */
export const CONSOLE_LISTS = ['toConfirm', 'new', 'unassigned', 'notAccepted', 'notCheckedIn', 'exceptions'] as const;
export const ConsoleSummary = z.object({
  at: z.string(),
  today: z.string(),
  acceptMinutes: z.number().int(),
  checkInGraceMinutes: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  lists: z.object(
    Object.fromEntries(CONSOLE_LISTS.map((k) => [k, List])) as Record<(typeof CONSOLE_LISTS)[number], typeof List>,
  ),
  callbacksDue: z.number().int(),
  complaintsOverdue: z.number().int(),
  complaintsOpen: z.number().int(),
  replacementsOpen: z.number().int(),
});
export type ConsoleSummary = z.infer<typeof ConsoleSummary>;
