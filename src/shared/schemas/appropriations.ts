// The quarterly appropriation from the district to each street, recorded as a transfer.
import { z } from '../zod.js';
import { Quarter } from './settlements.js';

export const APPROPRIATION_STATES = ['planned', 'sent', 'received'] as const;

export const AppropriationQuery = z.object({
  quarter: Quarter,
  state: z.enum(APPROPRIATION_STATES, { error: '状态应为 planned、sent 或 received' }).optional(),
});
export const AppropriationPlan = z.object({ quarter: Quarter }).strict();

export const AppropriationDto = z.object({
  id: z.number().int(),
  quarter: z.string(),
  streetId: z.number().int(),
  streetName: z.string(),
  programme: z.string(),
  programmeName: z.string(),
  headcount: z.number().int(),
  amountFen: z.number().int(),
  districtFen: z.number().int(),
  streetFen: z.number().int(),
  state: z.enum(APPROPRIATION_STATES),
  plannedAt: z.string(),
  sentAt: z.string().nullable(),
  sentBy: z.string().nullable(),
  receivedAt: z.string().nullable(),
  receivedBy: z.string().nullable(),
});
export const AppropriationList = z.object({
  quarter: z.string(),
  items: z.array(AppropriationDto),
  total: z.object({ amountFen: z.number().int(), districtFen: z.number().int(), streetFen: z.number().int() }),
});
