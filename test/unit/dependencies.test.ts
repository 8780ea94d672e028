// The dependency list stays lean and current (issue 15, finding 13). `npm audit` has no advisory
// service to reach here and this registry drops deprecation notices, so the packages known to be
// unmaintained are named here, with why, and the lock file may not resolve any of them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Banned {
  name: string;
  /** Versions below this are banned; undefined bans every version. */
  below?: number[];
  why: string;
}

const BANNED: Banned[] = [
  { name: 'fstream', why: 'unmaintained since 2018; came with unzipper 0.10' },
  { name: 'inflight', why: 'unmaintained and leaks memory; came with glob 7 and 8' },
  { name: 'glob', below: [9], why: 'glob below 9 is unsupported and pulls in inflight' },
  { name: 'rimraf', below: [4], why: 'rimraf below 4 is unsupported' },
  { name: 'unzipper', below: [0, 12], why: '0.10 depends on fstream' },
  { name: 'archiver', below: [7], why: 'archiver 5 and 6 depend on glob 7 or 8' },
  { name: 'lodash.isequal', why: 'deprecated; node:util isDeepStrictEqual replaces it' },
];

const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { version?: string }>;
};

const older = (version: string, below: number[]) => {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < below.length; i++) {
    if ((parts[i] ?? 0) !== below[i]) return (parts[i] ?? 0) < below[i];
  }
  return false;
};

function resolved(name: string) {
  return Object.entries(lock.packages)
    .filter(([path]) => path === `node_modules/${name}` || path.endsWith(`/node_modules/${name}`))
    .map(([path, p]) => ({ path, version: p.version ?? '' }));
}

describe('dependencies', () => {
  it('compares versions by their numeric parts', () => {
    expect(older('0.10.14', [0, 12])).toBe(true);
    expect(older('0.12.5', [0, 12])).toBe(false);
    expect(older('7.2.3', [9])).toBe(true);
    expect(older('10.5.0', [9])).toBe(false);
  });

  it.each(BANNED)('resolves no unmaintained $name ($why)', ({ name, below }) => {
    const hits = resolved(name).filter((p) => !below || older(p.version, below));
    expect(hits).toEqual([]);
  });

  it('keeps exceljs on the maintained archiver and unzipper through overrides', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      overrides?: Record<string, Record<string, string>>;
    };
    expect(pkg.overrides?.exceljs).toMatchObject({ archiver: expect.any(String), unzipper: expect.any(String) });
  });
});
