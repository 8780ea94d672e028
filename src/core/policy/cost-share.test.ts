import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { COST_LEVELS, addLevelFen, fromAbove, levelsIn, splitByLevel, type CostShare } from './cost-share.js';

const share = (...l: [CostShare[number]['level'], number][]): CostShare =>
  l.map(([level, parts]) => ({ level, parts }));

describe('cost shares by level (issue 16, point 8)', () => {
  it('002 第5篇 L289 「所需经费由区与街道两级按6:4比例分担」: 15 yuan is 9 and 6', () => {
    expect(splitByLevel(1500, share(['district', 6], ['street', 4]))).toEqual({ district: 900, street: 600 });
  });
  it('004 模板3 L101 「按照市、区级财政4:6比例分担」: 50 yuan is 20 from the city, 30 from the district', () => {
    expect(splitByLevel(5000, share(['city', 4], ['district', 6]))).toEqual({ city: 2000, district: 3000 });
  });
  it('003 方案11 L695 「由市級財政撥款」: the city alone, nothing reaches the district or street books', () => {
    expect(splitByLevel(1200, share(['city', 1]))).toEqual({ city: 1200 });
  });
  it('001 L142 「省、市、县、乡“四级联保”」: four levels, named in any order, split from the top down', () => {
    const four = share(['street', 1], ['district', 1], ['province', 1], ['city', 1]);
    // 10 fen in four equal parts: the two odd fen go to the two highest levels.
    expect(splitByLevel(10, four)).toEqual({ province: 3, city: 3, district: 2, street: 2 });
    expect(Object.keys(splitByLevel(10, four))).toEqual(['province', 'city', 'district', 'street']);
  });
  it('a 1 : 1 split of an odd fen goes to the higher level; a reversal mirrors it', () => {
    expect(splitByLevel(1, share(['street', 1], ['district', 1]))).toEqual({ district: 1, street: 0 });
    expect(splitByLevel(-1, share(['street', 1], ['district', 1]))).toEqual({ district: -1, street: 0 });
  });
  it('parts always add up to the amount, for any levels and parts (property)', () => {
    const anyShare = fc
      .subarray([...COST_LEVELS], { minLength: 1 })
      .chain((levels) =>
        fc.tuple(...levels.map((l) => fc.integer({ min: 0, max: 100 }).map((parts) => ({ level: l, parts })))),
      )
      .filter((s) => s.some((p) => p.parts > 0));
    fc.assert(
      fc.property(fc.integer({ min: -5_000_000, max: 5_000_000 }), anyShare, (amount, s) => {
        const out = splitByLevel(amount, s);
        expect(Object.values(out).reduce((a, b) => a + b, 0)).toBe(amount);
        expect(levelsIn([out])).toEqual(COST_LEVELS.filter((l) => s.some((p) => p.level === l)));
        for (const p of s) if (p.parts === 0) expect(out[p.level]).toBe(0);
      }),
    );
  });
  it('adds level by level and tells what reaches the street from above', () => {
    const sum = addLevelFen({ district: 600, street: 400 }, { city: 200, district: 300 });
    expect(sum).toEqual({ city: 200, district: 900, street: 400 });
    expect(fromAbove(sum)).toBe(1100);
    expect(levelsIn([{ street: 1 }, { city: 2 }])).toEqual(['city', 'street']);
  });
});
