// The catalogue's contract: categories, items and their price versions.
import { z } from '../zod.js';
import { SERVICE_CATEGORIES, SERVICE_UNITS } from '../../core/catalogue/categories.js';
import { CERTIFICATE_KINDS, SKILLS } from '../../core/caregivers/certificates.js';
import { MAX_PRICE_FEN } from '../../core/catalogue/prices.js';
import { PageQuery, pageOf, sortParam, IsoDate } from './common.js';
export { IsoDate } from './common.js';

/** Whole fen: 12.5 yuan is 1250; negative and fractional amounts are refused with the reason. */
export const PriceFen = z
  .number({ error: '价格应为数字（单位：分）' })
  .refine(Number.isInteger, '价格以分为单位，须为整数（如 12.50 元填 1250）')
  .refine((n) => n >= 0, '价格不能为负数')
  .refine((n) => n <= MAX_PRICE_FEN, '价格不能超过 100000 元');

export const CategoryDto = z.object({
  code: z.enum(SERVICE_CATEGORIES),
  name: z.string(),
  itemCount: z.number().int(),
  activeCount: z.number().int(),
});

export const PriceVersionDto = z.object({
  id: z.number().int(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  priceFen: z.number().int(),
  note: z.string().nullable(),
  inEffect: z.boolean(),
  createdAt: z.string(),
});

export const ItemDto = z.object({
  id: z.number().int(),
  code: z.string(),
  categoryCode: z.enum(SERVICE_CATEGORIES),
  name: z.string(),
  content: z.string(),
  unit: z.enum(SERVICE_UNITS),
  durationMinutes: z.number().int(),
  requiredSkills: z.array(z.enum(SKILLS)),
  requiredCertificates: z.array(z.enum(CERTIFICATE_KINDS)),
  subsidyEligible: z.boolean(),
  active: z.boolean(),
  /** The unified price on the date asked for (default today); null when none is in effect. */
  priceFen: z.number().int().nullable(),
  /** The paid (C) class price: the unified price less the home-care policy's discount. */
  paidPriceFen: z.number().int().nullable(),
  discountPercent: z.number().nullable(),
  priceFrom: z.string().nullable(),
  /** A later price already set, if any. */
  nextPrice: z.object({ effectiveFrom: z.string(), priceFen: z.number().int() }).nullable(),
  providerCount: z.number().int(),
});
export type ItemDto = z.infer<typeof ItemDto>;
export const ItemPage = pageOf(ItemDto);
export const ItemDetail = ItemDto.extend({ prices: z.array(PriceVersionDto) });

export const ItemQuery = PageQuery.extend({
  q: z.string().trim().max(40).optional(),
  category: z.enum(SERVICE_CATEGORIES).optional(),
  unit: z.enum(SERVICE_UNITS).optional(),
  subsidy: z.enum(['true', 'false']).optional(),
  active: z.enum(['true', 'false', 'all']).default('true'),
  date: IsoDate.optional(),
  sort: sortParam(['code', 'name', 'durationMinutes', 'priceFen'] as const, 'code'),
});

const ItemFields = {
  categoryCode: z.enum(SERVICE_CATEGORIES),
  name: z.string().trim().min(2).max(40),
  content: z.string().trim().min(4, '服务内容至少 4 个字').max(500),
  unit: z.enum(SERVICE_UNITS),
  durationMinutes: z.number().int().min(0).max(1440, '标准时长不能超过 24 小时'),
  requiredSkills: z.array(z.enum(SKILLS)).max(10).default([]),
  requiredCertificates: z.array(z.enum(CERTIFICATE_KINDS)).max(6).default([]),
  subsidyEligible: z.boolean(),
};

export const ItemCreate = z.object({ ...ItemFields, priceFen: PriceFen, priceFrom: IsoDate }).strict();
export const ItemUpdate = z
  .object({ ...ItemFields, active: z.boolean() })
  .partial()
  .strict();

export const PriceCreate = z
  .object({
    effectiveFrom: IsoDate,
    effectiveTo: IsoDate.nullable().optional(),
    priceFen: PriceFen,
    note: z.string().trim().max(200).nullable().optional(),
  })
  .strict();
