import {
  bigserial, boolean, doublePrecision, index, inet, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex, varchar,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const regions = pgTable(
  'regions',
  {
    id: serial('id').primaryKey(),
    parentId: integer('parent_id').references((): any => regions.id, { onDelete: 'restrict' }),
    level: varchar('level', { length: 12 }).notNull().$type<'district' | 'street' | 'community' | 'grid'>(),
    code: varchar('code', { length: 15 }).notNull(),
    name: varchar('name', { length: 60 }).notNull(),
    // Materialised ancestor path "/1/4/17/": subtree queries are one LIKE on an index.
    path: text('path').notNull(),
    centerLng: doublePrecision('center_lng'),
    centerLat: doublePrecision('center_lat'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('regions_code_uq').on(t.code),
    index('regions_path_idx').on(t.path.op('text_pattern_ops')),
    index('regions_parent_idx').on(t.parentId),
  ],
);

// Minimal here; the providers issue extends it with licences, agreements and areas.
export const providers = pgTable('providers', {
  id: serial('id').primaryKey(),
  name: varchar('name', { length: 120 }).notNull(),
  regionId: integer('region_id').notNull().references(() => regions.id),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    username: varchar('username', { length: 32 }).notNull(),
    displayName: varchar('display_name', { length: 40 }).notNull(),
    role: varchar('role', { length: 24 }).notNull(),
    regionId: integer('region_id').references(() => regions.id),
    providerId: integer('provider_id').references(() => providers.id),
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    active: boolean('active').notNull().default(true),
    lastLoginAt: ts('last_login_at'),
    // Failed logins before this instant no longer count towards a lockout (admin unlock).
    failuresResetAt: ts('failures_reset_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_username_uq').on(t.username), index('users_region_idx').on(t.regionId)],
);

export const sessions = pgTable(
  'sessions',
  {
    // sha256 of the cookie token: a leaked table does not yield usable cookies.
    id: varchar('id', { length: 64 }).primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    username: varchar('username', { length: 64 }).notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    success: boolean('success').notNull(),
    ip: text('ip'),
  },
  (t) => [index('login_attempts_user_at_idx').on(t.userId, t.at)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    userId: integer('user_id'),
    username: varchar('username', { length: 64 }),
    ip: inet('ip'),
    requestId: varchar('request_id', { length: 64 }),
    action: varchar('action', { length: 60 }).notNull(),
    entityType: varchar('entity_type', { length: 40 }).notNull(),
    entityId: varchar('entity_id', { length: 40 }),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [
    index('audit_at_idx').on(t.at),
    index('audit_entity_idx').on(t.entityType, t.entityId),
    index('audit_user_idx').on(t.userId, t.at),
  ],
);
