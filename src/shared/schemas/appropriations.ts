// The quarterly appropriation from the district to each street, recorded as a transfer.
import { z } from '../zod.js';
import { LevelFenSchema, Quarter } from './settlements.js';
import { COST_LEVELS } from '../../core/policy/cost-share.js';

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
  /** 1: the quarter's appropriation; later: what a plan after it was sent adds (补拨) or takes back (扣回, negative). */
  batch: z.number().int(),
  headcount: z.number().int(),
  amountFen: z.number().int(),
  /** Each level's part; the street receives all but its own (fromAboveFen). */
  shares: LevelFenSchema,
  fromAboveFen: z.number().int(),
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
  levels: z.array(z.enum(COST_LEVELS)),
  total: z.object({ amountFen: z.number().int(), shares: LevelFenSchema, fromAboveFen: z.number().int() }),
});
