import { z } from '../zod.js';

export const REGION_LEVEL_VALUES = ['district', 'street', 'community', 'grid'] as const;
export const RegionLevel = z.enum(REGION_LEVEL_VALUES);

const Lng = z.number().min(73, '经度应在 73 到 136 之间').max(136, '经度应在 73 到 136 之间');
const Lat = z.number().min(3, '纬度应在 3 到 54 之间').max(54, '纬度应在 3 到 54 之间');

export const Region = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  level: RegionLevel,
  code: z.string(),
  name: z.string(),
  centerLng: z.number().nullable(),
  centerLat: z.number().nullable(),
  updatedAt: z.string(),
});
export type Region = z.infer<typeof Region>;

export const RegionCreate = z
  .object({
    parentId: z.number().int().positive(),
    code: z
      .string()
      .trim()
      .regex(/^\d{12}(\d{3})?$/, '区划代码应为 12 位数字（网格为 15 位）'),
    name: z.string().trim().min(2).max(60),
    centerLng: Lng.nullable().optional(),
    centerLat: Lat.nullable().optional(),
  })
  .strict();

export const RegionUpdate = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{12}(\d{3})?$/, '区划代码应为 12 位数字（网格为 15 位）')
      .optional(),
    name: z.string().trim().min(2).max(60).optional(),
    centerLng: Lng.nullable().optional(),
    centerLat: Lat.nullable().optional(),
  })
  .strict();
