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
});
const List = z.object({ total: z.number().int(), items: z.array(ConsoleOrder) });
export const CONSOLE_LISTS = ['new', 'unassigned', 'notAccepted', 'notCheckedIn', 'exceptions'] as const;
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
