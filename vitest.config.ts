import { defineConfig } from 'vitest/config';

// API tests always run on PGlite; with DATABASE_URL set they run a second time on PostgreSQL.
const apiProject = (name: string, db: 'pglite' | 'postgres') => ({
  test: {
    name,
    include: ['test/api/**/*.test.ts'],
    env: { TEST_DB: db },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'] } },
      apiProject('api', 'pglite'),
      ...(process.env.DATABASE_URL ? [apiProject('api-pg', 'postgres')] : []),
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
