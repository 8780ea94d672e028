import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  inet,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import type { CostShare, LevelFen } from '../../core/policy/cost-share.js';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const regions = pgTable(
  'regions',
  {
    id: serial('id').primaryKey(),
    parentId: integer('parent_id').references((): AnyPgColumn => regions.id, { onDelete: 'restrict' }),
    level: varchar('level', { length: 12 }).notNull().$type<'district' | 'street' | 'community' | 'grid'>(),
    code: varchar('code', { length: 15 }).notNull(),
    name: varchar('name', { length: 60 }).notNull(),
    // Materialised ancestor path "/1/4/17/": subtree queries are one LIKE on an index.
    path: text('path').notNull(),
    centerLng: doublePrecision('center_lng'),
    centerLat: doublePrecision('center_lat'),
    // The region's boundary as a GeoJSON Polygon or MultiPolygon geometry (WGS-84), uploaded by the
    // district admin or drawn; maps draw it without any tile server.
    boundary: jsonb('boundary'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('regions_code_uq').on(t.code),
    index('regions_path_idx').on(t.path.op('text_pattern_ops')),
    index('regions_parent_idx').on(t.parentId),
  ],
);

// Affiliated providers (加盟企业). A provider applies, the district reviews it; it may deliver
// only while an agreement is in force. `regionId` is where it is registered, which decides
// whose jurisdiction it is in; where it may serve is its service points' areas.
export const providers = pgTable(
  'providers',
  {
    id: serial('id').primaryKey(),
    name: varchar('name', { length: 120 }).notNull(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    kind: varchar('kind', { length: 20 }).notNull().default('company'),
    // Null only for rows made before registration data existed; the API always requires it.
    creditCode: varchar('credit_code', { length: 18 }),
    legalRepresentative: varchar('legal_representative', { length: 40 }),
    contactName: varchar('contact_name', { length: 40 }),
    contactPhone: varchar('contact_phone', { length: 20 }),
    address: varchar('address', { length: 200 }),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    description: varchar('description', { length: 500 }),
    // A second-tier affiliate (二级加盟) brought in by another provider.
    parentId: integer('parent_id').references((): AnyPgColumn => providers.id),
    status: varchar('status', { length: 12 })
      .notNull()
      .default('approved')
      .$type<'pending' | 'approved' | 'rejected'>(),
    reviewNote: varchar('review_note', { length: 500 }),
    reviewedBy: integer('reviewed_by'),
    reviewedAt: ts('reviewed_at'),
    // The latest quarterly rating (0-100), kept here for lists; the history is in provider_evaluations.
    rating: doublePrecision('rating'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('providers_credit_code_uq').on(t.creditCode),
    index('providers_region_idx').on(t.regionId),
    index('providers_parent_idx').on(t.parentId),
  ],
);

// A change to a reviewed provider's registration data (name, credit code, legal representative,
// kind, region, parent). The provider keeps working under the reviewed data; the change takes
// effect only when someone with review rights, other than who proposed it, approves it.
export const providerChanges = pgTable(
  'provider_changes',
  {
    id: serial('id').primaryKey(),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    // Only the reviewed fields that change: { field: { from, to } }.
    fields: jsonb('fields').notNull().$type<Record<string, { from: unknown; to: unknown }>>(),
    state: varchar('state', { length: 12 })
      .notNull()
      .default('pending')
      .$type<'pending' | 'approved' | 'rejected' | 'withdrawn'>(),
    requestedBy: integer('requested_by')
      .notNull()
      .references((): AnyPgColumn => users.id),
    requestedAt: ts('requested_at').notNull(),
    decidedBy: integer('decided_by').references((): AnyPgColumn => users.id),
    decidedAt: ts('decided_at'),
    decisionNote: varchar('decision_note', { length: 500 }),
  },
  (t) => [
    uniqueIndex('provider_changes_one_pending_uq')
      .on(t.providerId)
      .where(sql`state = 'pending'`),
    index('provider_changes_state_idx').on(t.state, t.requestedAt),
  ],
);

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
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
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
  (t) => [
    index('login_attempts_user_at_idx').on(t.userId, t.at),
    // Unknown names are counted by name; without this, each guess at one scanned the table.
    index('login_attempts_username_at_idx').on(t.username, t.at),
    // The retention purge deletes by age.
    index('login_attempts_at_idx').on(t.at),
  ],
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

// Tamper evidence for the audit trail: each seal covers the audit rows of an id range, hashing
// them with the seal before it, so a row changed, removed or slipped in afterwards breaks the chain.
export const auditSeals = pgTable('audit_seals', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  fromId: bigint('from_id', { mode: 'number' }).notNull(),
  toId: bigint('to_id', { mode: 'number' }).notNull(),
  rowCount: integer('row_count').notNull(),
  prevHash: varchar('prev_hash', { length: 64 }).notNull(),
  hash: varchar('hash', { length: 64 }).notNull(),
  sealedAt: ts('sealed_at').notNull().defaultNow(),
});

export const elders = pgTable(
  'elders',
  {
    id: serial('id').primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    name: varchar('name', { length: 40 }).notNull(),
    namePinyin: varchar('name_pinyin', { length: 120 }).notNull(),
    nameInitials: varchar('name_initials', { length: 40 }).notNull(),
    idCipher: text('id_cipher').notNull(),
    idHash: varchar('id_hash', { length: 64 }).notNull(),
    idMasked: varchar('id_masked', { length: 18 }).notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: varchar('sex', { length: 1 }).notNull().$type<'M' | 'F'>(),
    phoneCipher: text('phone_cipher'),
    phoneHash: varchar('phone_hash', { length: 64 }),
    phoneMasked: varchar('phone_masked', { length: 20 }),
    address: varchar('address', { length: 200 }).notNull(),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    hukou: varchar('hukou', { length: 10 }).notNull().$type<'local' | 'nonlocal'>(),
    residenceYears: integer('residence_years'),
    livingFlags: text('living_flags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    // Categories with their evidence; categoryTypes repeats the types for indexed filtering.
    categories: jsonb('categories')
      .notNull()
      .default(sql`'[]'::jsonb`),
    categoryTypes: text('category_types')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    contacts: jsonb('contacts')
      .notNull()
      .default(sql`'[]'::jsonb`),
    health: jsonb('health')
      .notNull()
      .default(sql`'{}'::jsonb`),
    abilityGrade: varchar('ability_grade', { length: 12 }),
    abilityAssessedOn: date('ability_assessed_on', { mode: 'string' }),
    abilityNextDue: date('ability_next_due', { mode: 'string' }),
    status: varchar('status', { length: 12 })
      .notNull()
      .default('active')
      .$type<'active' | 'suspended' | 'moved_out' | 'deceased'>(),
    deathDate: date('death_date', { mode: 'string' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('elders_id_hash_uq').on(t.idHash),
    index('elders_phone_hash_idx').on(t.phoneHash),
    index('elders_region_idx').on(t.regionId, t.status),
    index('elders_name_idx').on(t.name.op('text_pattern_ops')),
    index('elders_pinyin_idx').on(t.namePinyin.op('text_pattern_ops')),
    index('elders_initials_idx').on(t.nameInitials.op('text_pattern_ops')),
    index('elders_birth_idx').on(t.birthDate),
    index('elders_categories_idx').using('gin', t.categoryTypes),
    index('elders_flags_idx').using('gin', t.livingFlags),
  ],
);

export const assessments = pgTable(
  'assessments',
  {
    id: serial('id').primaryKey(),
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    standard: varchar('standard', { length: 30 }).notNull(),
    assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
    assessor: varchar('assessor', { length: 40 }).notNull(),
    reason: varchar('reason', { length: 20 }).notNull(),
    answers: jsonb('answers').notNull(),
    dementiaOrMentalDisorder: boolean('dementia_or_mental_disorder').notNull(),
    riskEventsLast30Days: integer('risk_events_last_30_days').notNull(),
    dimensions: jsonb('dimensions').notNull(),
    total: integer('total').notNull(),
    preliminaryGrade: varchar('preliminary_grade', { length: 12 }).notNull(),
    grade: varchar('grade', { length: 12 }).notNull(),
    adjustments: jsonb('adjustments').notNull(),
    nextDue: date('next_due', { mode: 'string' }).notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('assessments_elder_idx').on(t.elderId, t.assessedOn)],
);

export const needsSurveys = pgTable(
  'needs_surveys',
  {
    id: serial('id').primaryKey(),
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    surveyedOn: date('surveyed_on', { mode: 'string' }).notNull(),
    surveyor: varchar('surveyor', { length: 40 }).notNull(),
    needs: text('needs').array().notNull(),
    notes: varchar('notes', { length: 500 }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('needs_surveys_elder_idx').on(t.elderId, t.surveyedOn)],
);

// Domain events (an outbox): what later modules — entitlements, vouchers, orders — react to.
export const elderEvents = pgTable(
  'elder_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    type: varchar('type', { length: 30 }).notNull(),
    payload: jsonb('payload').notNull(),
    at: ts('at').notNull().defaultNow(),
    handledAt: ts('handled_at'),
  },
  (t) => [index('elder_events_unhandled_idx').on(t.handledAt, t.id)],
);

export const importJobs = pgTable('import_jobs', {
  id: serial('id').primaryKey(),
  createdBy: integer('created_by')
    .notNull()
    .references(() => users.id),
  filename: varchar('filename', { length: 200 }).notNull(),
  mode: varchar('mode', { length: 16 }).notNull().$type<'valid_rows' | 'all_or_nothing'>(),
  // interrupted: its server stopped mid-way; what was committed stays, and it can be resumed.
  status: varchar('status', { length: 12 }).notNull().$type<'running' | 'done' | 'failed' | 'interrupted'>(),
  totalRows: integer('total_rows').notNull().default(0),
  processedRows: integer('processed_rows').notNull().default(0),
  /** 0-100, from the bytes of the file read so far. */
  progress: integer('progress').notNull().default(0),
  inserted: integer('inserted').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  errorCount: integer('error_count').notNull().default(0),
  errors: jsonb('errors')
    .notNull()
    .default(sql`'[]'::jsonb`),
  message: text('message'),
  file: bytea('file'),
  // Which server runs the job and when it last said so: a running job whose server went
  // silent is marked interrupted.
  serverId: varchar('server_id', { length: 60 }),
  heartbeatAt: ts('heartbeat_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
  finishedAt: ts('finished_at'),
});

// Exceptions to the Monday-to-Friday week: official holidays on weekdays and the weekend days
// worked in exchange (调休). Seeded from the published schedules; edited by the district admin.
export const calendarDays = pgTable('calendar_days', {
  day: date('day', { mode: 'string' }).primaryKey(),
  kind: varchar('kind', { length: 8 }).notNull().$type<'holiday' | 'workday'>(),
  name: varchar('name', { length: 40 }).notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const programmes = pgTable('programmes', {
  code: varchar('code', { length: 30 }).primaryKey(),
  name: varchar('name', { length: 60 }).notNull(),
  description: text('description').notNull(),
});

// A version's terms never change once it is in effect; a change is a new version from a later
// date, and only the previous version's end date moves.
export const policyVersions = pgTable(
  'policy_versions',
  {
    id: serial('id').primaryKey(),
    programme: varchar('programme', { length: 30 })
      .notNull()
      .references(() => programmes.code),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    effectiveTo: date('effective_to', { mode: 'string' }),
    params: jsonb('params').notNull(),
    note: varchar('note', { length: 200 }),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('policy_versions_from_uq').on(t.programme, t.effectiveFrom)],
);

export const applications = pgTable(
  'applications',
  {
    id: serial('id').primaryKey(),
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    // The elder's region when the application was filed: whose jurisdiction it is in.
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    programme: varchar('programme', { length: 30 })
      .notNull()
      .references(() => programmes.code),
    kind: varchar('kind', { length: 10 }).notNull().$type<'new' | 'change'>(),
    state: varchar('state', { length: 20 }).notNull(),
    submittedOn: date('submitted_on', { mode: 'string' }).notNull(),
    deadline: date('deadline', { mode: 'string' }),
    noticeFrom: date('notice_from', { mode: 'string' }),
    noticeTo: date('notice_to', { mode: 'string' }),
    openObjections: integer('open_objections').notNull().default(0),
    effectiveFrom: date('effective_from', { mode: 'string' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('applications_region_state_idx').on(t.regionId, t.state),
    index('applications_deadline_idx').on(t.state, t.deadline),
  ],
);

export const applicationSteps = pgTable(
  'application_steps',
  {
    id: serial('id').primaryKey(),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id),
    action: varchar('action', { length: 20 }).notNull(),
    fromState: varchar('from_state', { length: 20 }),
    toState: varchar('to_state', { length: 20 }).notNull(),
    actorId: integer('actor_id')
      .notNull()
      .references(() => users.id),
    actorName: varchar('actor_name', { length: 40 }).notNull(),
    opinion: text('opinion').notNull(),
    // What a step recorded beyond its opinion, e.g. the democratic review's votes.
    data: jsonb('data'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('application_steps_app_idx').on(t.applicationId, t.at)],
);

// One row per application step that went past its deadline: the record a supervisor reviews.
export const applicationOverdue = pgTable(
  'application_overdue',
  {
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id),
    state: varchar('state', { length: 20 }).notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    recordedOn: date('recorded_on', { mode: 'string' }).notNull(),
  },
  (t) => [uniqueIndex('application_overdue_uq').on(t.applicationId, t.state, t.deadline)],
);

// What each elder receives, as computed periods. Rebuilt for an elder whenever their file,
// their applications or the policies change; the history of payments lives in the ledger.
export const entitlements = pgTable(
  'entitlements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    programme: varchar('programme', { length: 30 }).notNull(),
    versionId: integer('version_id')
      .notNull()
      .references(() => policyVersions.id),
    classCode: varchar('class_code', { length: 10 }).notNull(),
    classLabel: varchar('class_label', { length: 30 }).notNull(),
    benefit: jsonb('benefit').notNull(),
    // The version's levels and parts, from the top down (policy CostShare).
    costShare: jsonb('cost_share').notNull().$type<CostShare>(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    computedAt: ts('computed_at').notNull().defaultNow(),
  },
  (t) => [
    index('entitlements_elder_idx').on(t.elderId),
    index('entitlements_programme_idx').on(t.programme, t.validFrom),
  ],
);

// Documents handed in with an application (ID copy, 低保 certificate, proof of residence …):
// the file lives under the data directory, named by its SHA-256, which is also its checksum.
export const applicationDocuments = pgTable(
  'application_documents',
  {
    id: serial('id').primaryKey(),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id),
    kind: varchar('kind', { length: 30 }).notNull(),
    filename: varchar('filename', { length: 200 }).notNull(),
    mime: varchar('mime', { length: 40 }).notNull(),
    size: integer('size').notNull(),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    uploadedBy: integer('uploaded_by')
      .notNull()
      .references(() => users.id),
    uploadedAt: ts('uploaded_at').notNull().defaultNow(),
  },
  (t) => [index('application_documents_app_idx').on(t.applicationId)],
);

// The four-party dispersed-support agreement (分散供养协议) of an approved 特困 application:
// villagers' group, the elder, the village committee as supervisor, the township office. The
// elder's land, homestead and house are recorded because they stay his property.
export const supportAgreements = pgTable(
  'support_agreements',
  {
    id: serial('id').primaryKey(),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id),
    villagerGroup: varchar('villager_group', { length: 60 }).notNull(),
    villageCommittee: varchar('village_committee', { length: 60 }).notNull(),
    townshipOffice: varchar('township_office', { length: 60 }).notNull(),
    carer: varchar('carer', { length: 60 }),
    contractedLandMu: doublePrecision('contracted_land_mu').notNull(),
    homesteadSqm: doublePrecision('homestead_sqm').notNull(),
    houseRooms: integer('house_rooms').notNull(),
    // 「房屋_____间____㎡」 (001 L90): the house's area as well as its rooms. Null only for
    // agreements registered before the area was asked.
    houseSqm: doublePrecision('house_sqm'),
    propertyNotes: varchar('property_notes', { length: 500 }),
    signedOn: date('signed_on', { mode: 'string' }).notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    // 「丁方……并报区民政局备案」 (001 L94): when the district took the agreement on file.
    filedAt: ts('filed_at'),
    filedBy: integer('filed_by').references(() => users.id),
  },
  (t) => [uniqueIndex('support_agreements_app_uq').on(t.applicationId)],
);

export const serviceCategories = pgTable('service_categories', {
  code: varchar('code', { length: 20 }).primaryKey(),
  name: varchar('name', { length: 20 }).notNull(),
  sortOrder: integer('sort_order').notNull(),
});

export const serviceItems = pgTable(
  'service_items',
  {
    id: serial('id').primaryKey(),
    code: varchar('code', { length: 12 }).notNull(),
    categoryCode: varchar('category_code', { length: 20 })
      .notNull()
      .references(() => serviceCategories.code),
    name: varchar('name', { length: 40 }).notNull(),
    content: varchar('content', { length: 500 }).notNull(),
    unit: varchar('unit', { length: 8 }).notNull().$type<'visit' | 'hour' | 'meal' | 'item'>(),
    durationMinutes: integer('duration_minutes').notNull(),
    requiredSkills: text('required_skills')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    requiredCertificates: text('required_certificates')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    subsidyEligible: boolean('subsidy_eligible').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('service_items_code_uq').on(t.code),
    uniqueIndex('service_items_name_uq').on(t.categoryCode, t.name),
  ],
);

// Unified prices over time, never overlapping for one item; one in effect is never rewritten.
export const servicePrices = pgTable(
  'service_prices',
  {
    id: serial('id').primaryKey(),
    itemId: integer('item_id')
      .notNull()
      .references(() => serviceItems.id),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    effectiveTo: date('effective_to', { mode: 'string' }),
    priceFen: integer('price_fen').notNull(),
    note: varchar('note', { length: 200 }),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('service_prices_from_uq').on(t.itemId, t.effectiveFrom)],
);

export const providerLicences = pgTable(
  'provider_licences',
  {
    id: serial('id').primaryKey(),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    kind: varchar('kind', { length: 24 }).notNull(),
    number: varchar('number', { length: 60 }).notNull(),
    issuer: varchar('issuer', { length: 60 }).notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    // Null: long-term (长期).
    validUntil: date('valid_until', { mode: 'string' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    // Licences are archived, never deleted: a reviewed document stays on file with who took it
    // off and why. Archived licences no longer count for expiry warnings.
    archivedAt: ts('archived_at'),
    archivedBy: integer('archived_by').references(() => users.id),
    archiveReason: varchar('archive_reason', { length: 200 }),
  },
  (t) => [
    index('provider_licences_provider_idx').on(t.providerId),
    index('provider_licences_until_idx').on(t.validUntil),
  ],
);

// Service agreements (服务协议). Expired is not stored: it is an active agreement past its end.
export const providerAgreements = pgTable(
  'provider_agreements',
  {
    id: serial('id').primaryKey(),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    number: varchar('number', { length: 40 }).notNull(),
    signedOn: date('signed_on', { mode: 'string' }).notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    status: varchar('status', { length: 12 }).notNull().$type<'active' | 'suspended' | 'terminated'>(),
    statusReason: varchar('status_reason', { length: 500 }),
    // The signing party: the district or a street (各街道要与养老服务组织签订服务协议). Null on
    // agreements made before streets could sign: the district signed those.
    signedByRegionId: integer('signed_by_region_id').references(() => regions.id),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('provider_agreements_provider_idx').on(t.providerId, t.startDate),
    uniqueIndex('provider_agreements_number_uq').on(t.number),
  ],
);

export const providerItems = pgTable(
  'provider_items',
  {
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => serviceItems.id),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.itemId] }), index('provider_items_item_idx').on(t.itemId)],
);

// A service point and the area it serves: a circle (agreed radius, and the radius in force
// after the quarterly rating adjustment) or a polygon ([lng, lat] ring, closed).
export const servicePoints = pgTable(
  'service_points',
  {
    id: serial('id').primaryKey(),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    name: varchar('name', { length: 60 }).notNull(),
    address: varchar('address', { length: 200 }).notNull(),
    regionId: integer('region_id').references(() => regions.id),
    lng: doublePrecision('lng').notNull(),
    lat: doublePrecision('lat').notNull(),
    areaKind: varchar('area_kind', { length: 8 }).notNull().$type<'radius' | 'polygon'>(),
    agreedRadiusM: integer('agreed_radius_m'),
    radiusM: integer('radius_m'),
    polygon: jsonb('polygon').$type<[number, number][] | null>(),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('service_points_provider_idx').on(t.providerId)],
);

// The district's provider rules as dated versions (rating, radius bands and limits, alert
// window, certification target); like policy versions, one in effect is never rewritten.
export const providerRuleVersions = pgTable('provider_rule_versions', {
  id: serial('id').primaryKey(),
  effectiveFrom: date('effective_from', { mode: 'string' }).notNull().unique(),
  effectiveTo: date('effective_to', { mode: 'string' }),
  params: jsonb('params').notNull(),
  note: varchar('note', { length: 200 }),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
});

// One quarterly rating per provider: its inputs, the score, the radius factor, and each
// radius point's radius before and after. Unique per quarter, so re-running changes nothing.
export const providerEvaluations = pgTable(
  'provider_evaluations',
  {
    id: serial('id').primaryKey(),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    quarter: varchar('quarter', { length: 6 }).notNull(),
    inputs: jsonb('inputs').notNull(),
    score: doublePrecision('score'),
    reason: varchar('reason', { length: 300 }).notNull(),
    factor: doublePrecision('factor').notNull(),
    points: jsonb('points').notNull(),
    ruleVersionId: integer('rule_version_id')
      .notNull()
      .references(() => providerRuleVersions.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('provider_evaluations_uq').on(t.providerId, t.quarter)],
);

export const caregivers = pgTable(
  'caregivers',
  {
    id: serial('id').primaryKey(),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    // The caregiver's own login, when there is one: what binds a caregiver account to its record.
    userId: integer('user_id').references(() => users.id),
    name: varchar('name', { length: 40 }).notNull(),
    idCipher: text('id_cipher').notNull(),
    idHash: varchar('id_hash', { length: 64 }).notNull(),
    idMasked: varchar('id_masked', { length: 18 }).notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: varchar('sex', { length: 1 }).notNull().$type<'M' | 'F'>(),
    phoneCipher: text('phone_cipher').notNull(),
    phoneHash: varchar('phone_hash', { length: 64 }).notNull(),
    phoneMasked: varchar('phone_masked', { length: 20 }).notNull(),
    photoSha256: varchar('photo_sha256', { length: 64 }),
    photoMime: varchar('photo_mime', { length: 20 }),
    skills: text('skills')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    // ISO weekdays 1 (Monday) to 7, and the daily hours as HH:MM.
    workDays: integer('work_days')
      .array()
      .notNull()
      .default(sql`'{1,2,3,4,5}'::int[]`),
    workStart: varchar('work_start', { length: 5 }).notNull().default('08:00'),
    workEnd: varchar('work_end', { length: 5 }).notNull().default('18:00'),
    homeAddress: varchar('home_address', { length: 200 }),
    homeLng: doublePrecision('home_lng'),
    homeLat: doublePrecision('home_lat'),
    status: varchar('status', { length: 12 }).notNull().default('active').$type<'active' | 'suspended' | 'left'>(),
    statusReason: varchar('status_reason', { length: 200 }),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // One current record per person; someone who left may be taken on again as a new record.
    uniqueIndex('caregivers_id_hash_uq')
      .on(t.idHash)
      .where(sql`status <> 'left'`),
    uniqueIndex('caregivers_user_uq').on(t.userId),
    index('caregivers_provider_idx').on(t.providerId, t.status),
    index('caregivers_name_idx').on(t.name.op('text_pattern_ops')),
  ],
);

export const caregiverCertificates = pgTable(
  'caregiver_certificates',
  {
    id: serial('id').primaryKey(),
    caregiverId: integer('caregiver_id')
      .notNull()
      .references(() => caregivers.id),
    kind: varchar('kind', { length: 24 }).notNull(),
    level: integer('level'),
    number: varchar('number', { length: 60 }).notNull(),
    issuer: varchar('issuer', { length: 60 }).notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    validUntil: date('valid_until', { mode: 'string' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    // Certificates (health certificates among them) are archived, never deleted.
    archivedAt: ts('archived_at'),
    archivedBy: integer('archived_by').references(() => users.id),
    archiveReason: varchar('archive_reason', { length: 200 }),
  },
  (t) => [
    index('caregiver_certificates_caregiver_idx').on(t.caregiverId),
    index('caregiver_certificates_until_idx').on(t.kind, t.validUntil),
  ],
);

// Work orders (工单). The elder's region at creation decides whose jurisdiction an order is in;
// its provider and caregiver, once dispatched, whose desk it is on. What the order draws on the
// elder's entitlements is fixed at creation (`usage`), so balances are the sum of live orders.
export const orders = pgTable(
  'orders',
  {
    id: serial('id').primaryKey(),
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    channel: varchar('channel', { length: 10 }).notNull().$type<'phone' | 'walk_in' | 'family' | 'plan' | 'web'>(),
    state: varchar('state', { length: 12 }).notNull(),
    serviceDate: date('service_date', { mode: 'string' }).notNull(),
    startAt: ts('start_at').notNull(),
    endAt: ts('end_at').notNull(),
    address: varchar('address', { length: 200 }).notNull(),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    notes: varchar('notes', { length: 500 }),
    providerId: integer('provider_id').references(() => providers.id),
    caregiverId: integer('caregiver_id').references(() => caregivers.id),
    listFen: integer('list_fen').notNull(),
    programmeFen: integer('programme_fen').notNull(),
    selfPayFen: integer('self_pay_fen').notNull(),
    usage: jsonb('usage').notNull(),
    // What each programme pays for the order ({ programme: fen }), summed from its lines at
    // pricing: settlements and cost shares aggregate it without opening the lines.
    programmes: jsonb('programmes')
      .notNull()
      .default(sql`'{}'::jsonb`),
    // When the visit's usage was drawn on the ledger (at a billable verification); null while held.
    drawnAt: ts('drawn_at'),
    classCode: varchar('class_code', { length: 10 }),
    idempotencyKey: varchar('idempotency_key', { length: 80 }),
    // A digest of the request the key was first used with: the same key with another request
    // is refused instead of answered with the first one's order.
    idempotencyHash: varchar('idempotency_hash', { length: 64 }),
    // A recurring plan makes at most one order per day.
    planId: integer('plan_id'),
    // Since when the order is in its state: what the console's "late" lists are measured from.
    stateAt: ts('state_at').notNull().defaultNow(),
    // Set at check-out: verified, or an exception until the provider and street settle it.
    // Only verified and accepted visits are billed.
    verification: varchar('verification', { length: 10 }).$type<
      'verified' | 'exception' | 'explained' | 'accepted' | 'rejected'
    >(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('orders_idempotency_uq').on(t.createdBy, t.idempotencyKey),
    uniqueIndex('orders_plan_day_uq').on(t.planId, t.serviceDate),
    index('orders_verification_idx')
      .on(t.verification)
      .where(sql`verification in ('exception', 'explained')`),
    index('orders_elder_date_idx').on(t.elderId, t.serviceDate),
    index('orders_state_idx').on(t.state, t.startAt),
    index('orders_caregiver_idx').on(t.caregiverId, t.serviceDate),
    index('orders_region_idx').on(t.regionId, t.serviceDate),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    id: serial('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => serviceItems.id),
    quantity: integer('quantity').notNull(),
    unitPriceFen: integer('unit_price_fen').notNull(),
    listFen: integer('list_fen').notNull(),
    minutes: integer('minutes').notNull(),
    breakdown: jsonb('breakdown').notNull(),
    selfPayFen: integer('self_pay_fen').notNull(),
  },
  (t) => [index('order_lines_order_idx').on(t.orderId)],
);

// Every step of an order: who, as what, from which state to which, why, and with whom.
export const orderEvents = pgTable(
  'order_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    action: varchar('action', { length: 12 }).notNull(),
    fromState: varchar('from_state', { length: 12 }),
    toState: varchar('to_state', { length: 12 }).notNull(),
    actor: varchar('actor', { length: 10 }).notNull(),
    userId: integer('user_id').references(() => users.id),
    caregiverId: integer('caregiver_id'),
    reason: varchar('reason', { length: 300 }),
    data: jsonb('data'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('order_events_order_idx').on(t.orderId, t.at)],
);

// A visit exception's settlement: the provider explains with a reason code, the street (or the
// district) accepts or rejects with a resolution code. Append-only; the order holds the outcome.
export const visitReviews = pgTable(
  'visit_reviews',
  {
    id: serial('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    decision: varchar('decision', { length: 8 }).notNull().$type<'explain' | 'accept' | 'reject'>(),
    reasonCode: varchar('reason_code', { length: 30 }),
    resolutionCode: varchar('resolution_code', { length: 30 }),
    note: varchar('note', { length: 500 }).notNull(),
    byLevel: varchar('by_level', { length: 8 }).notNull().$type<'provider' | 'street' | 'district'>(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('visit_reviews_order_idx').on(t.orderId)],
);

// The call-back after a visit (回访): one per sampled completed order, due the next day.
export const callbacks = pgTable(
  'callbacks',
  {
    id: serial('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    dueAt: ts('due_at').notNull(),
    state: varchar('state', { length: 12 })
      .notNull()
      .default('open')
      .$type<'open' | 'done' | 'unreachable' | 'rated_by_sms'>(),
    attempts: integer('attempts').notNull().default(0),
    comment: varchar('comment', { length: 500 }),
    userId: integer('user_id').references(() => users.id),
    doneAt: ts('done_at'),
  },
  (t) => [uniqueIndex('callbacks_order_uq').on(t.orderId), index('callbacks_due_idx').on(t.state, t.dueAt)],
);

// One satisfaction rating per order, by call-back or SMS reply: what caregivers' and
// providers' scores and dispatch continuity are computed from.
export const ratings = pgTable(
  'ratings',
  {
    id: serial('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    caregiverId: integer('caregiver_id')
      .notNull()
      .references(() => caregivers.id),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    level: varchar('level', { length: 16 }).notNull().$type<'very_satisfied' | 'satisfied' | 'basic' | 'unsatisfied'>(),
    source: varchar('source', { length: 8 }).notNull().$type<'callback' | 'sms'>(),
    comment: varchar('comment', { length: 500 }),
    ratedOn: date('rated_on', { mode: 'string' }).notNull(),
    userId: integer('user_id').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ratings_order_uq').on(t.orderId),
    index('ratings_caregiver_idx').on(t.caregiverId, t.ratedOn),
    index('ratings_provider_idx').on(t.providerId, t.ratedOn),
    index('ratings_pair_idx').on(t.elderId, t.caregiverId),
  ],
);

// Messages to elders go through an outbox: written in the transaction that decides to send,
// delivered by a job through the configured gateway, retried, never lost.
export const smsOutbox = pgTable(
  'sms_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: varchar('kind', { length: 10 }).notNull().$type<'rating' | 'reply' | 'notice'>(),
    elderId: integer('elder_id').references(() => elders.id),
    orderId: integer('order_id').references(() => orders.id),
    phoneCipher: text('phone_cipher').notNull(),
    phoneHash: varchar('phone_hash', { length: 64 }).notNull(),
    phoneMasked: varchar('phone_masked', { length: 20 }).notNull(),
    body: varchar('body', { length: 500 }).notNull(),
    state: varchar('state', { length: 8 }).notNull().default('pending').$type<'pending' | 'sent' | 'failed'>(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    lastError: varchar('last_error', { length: 300 }),
    gatewayId: varchar('gateway_id', { length: 80 }),
    createdAt: ts('created_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    index('sms_outbox_due_idx').on(t.state, t.nextAttemptAt),
    index('sms_outbox_phone_idx').on(t.phoneHash, t.createdAt),
  ],
);

// Every message received, whatever became of it.
export const smsInbound = pgTable('sms_inbound', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  phoneHash: varchar('phone_hash', { length: 64 }).notNull(),
  phoneMasked: varchar('phone_masked', { length: 20 }).notNull(),
  text: varchar('text', { length: 500 }).notNull(),
  outcome: varchar('outcome', { length: 12 }).notNull().$type<'rated' | 'invalid' | 'no_order' | 'already'>(),
  orderId: integer('order_id').references(() => orders.id),
  receivedAt: ts('received_at').notNull().defaultNow(),
});

// Complaints (投诉): taken in, assigned to the street or the provider responsible, answered
// with a result by a working-day deadline, and closed when the complainant confirms.
export const complaints = pgTable(
  'complaints',
  {
    id: serial('id').primaryKey(),
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    orderId: integer('order_id').references(() => orders.id),
    caregiverId: integer('caregiver_id').references(() => caregivers.id),
    providerId: integer('provider_id').references(() => providers.id),
    channel: varchar('channel', { length: 8 }).notNull().$type<'call' | 'sms' | 'walk_in'>(),
    content: varchar('content', { length: 1000 }).notNull(),
    assignee: varchar('assignee', { length: 8 }).notNull().$type<'street' | 'provider'>(),
    state: varchar('state', { length: 10 }).notNull().default('open').$type<'open' | 'answered' | 'closed'>(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    result: varchar('result', { length: 1000 }),
    upheld: boolean('upheld'),
    confirmation: varchar('confirmation', { length: 12 }).$type<'satisfied' | 'unsatisfied' | 'unreachable'>(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    closedAt: ts('closed_at'),
  },
  (t) => [
    index('complaints_state_idx').on(t.state, t.dueOn),
    index('complaints_pair_idx').on(t.elderId, t.caregiverId, t.receivedOn),
    index('complaints_region_idx').on(t.regionId, t.receivedOn),
  ],
);

export const complaintNotes = pgTable(
  'complaint_notes',
  {
    id: serial('id').primaryKey(),
    complaintId: integer('complaint_id')
      .notNull()
      .references(() => complaints.id),
    kind: varchar('kind', { length: 10 }).notNull().$type<'intake' | 'note' | 'answer' | 'confirm' | 'reopen'>(),
    text: varchar('text', { length: 1000 }).notNull(),
    userId: integer('user_id').references(() => users.id),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('complaint_notes_complaint_idx').on(t.complaintId)],
);

// A replacement case (更换服务人员): opened by the replacement rule (or by hand, on a complaint
// or the elder's request) for one caregiver and one elder. The street verifies it first (查实):
// verified, the caregiver is replaced — the dispatcher no longer sends them to that elder — and
// the case is closed once the provider has sent another; not verified, it closes with the
// finding. `blocking` is set when the case keeps the caregiver away: at verification, or at
// opening where the rules say to block at once.
export const replacementCases = pgTable(
  'replacement_cases',
  {
    id: serial('id').primaryKey(),
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    caregiverId: integer('caregiver_id')
      .notNull()
      .references(() => caregivers.id),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    trigger: jsonb('trigger').notNull(),
    state: varchar('state', { length: 8 }).notNull().default('open').$type<'open' | 'verified' | 'closed'>(),
    openedAt: ts('opened_at').notNull().defaultNow(),
    // Who opened it by hand; null when the replacement rule did.
    openedBy: integer('opened_by').references(() => users.id),
    blocking: boolean('blocking').notNull().default(false),
    // The street's verification (查实): its result, what it found, who and when.
    verification: varchar('verification', { length: 10 }).$type<'verified' | 'unfounded'>(),
    finding: varchar('finding', { length: 500 }),
    verifiedBy: integer('verified_by').references(() => users.id),
    verifiedAt: ts('verified_at'),
    closedAt: ts('closed_at'),
    closedBy: integer('closed_by').references(() => users.id),
    note: varchar('note', { length: 500 }),
  },
  (t) => [
    uniqueIndex('replacement_cases_live_uq')
      .on(t.elderId, t.caregiverId)
      .where(sql`state <> 'closed'`),
    index('replacement_cases_region_idx').on(t.regionId, t.state),
  ],
);

// A recurring plan (周期服务计划): the same items on the same weekdays and hours, turned into
// orders a few days ahead until the plan ends, the entitlement ends or the elder dies.
export const servicePlans = pgTable(
  'service_plans',
  {
    id: serial('id').primaryKey(),
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    lines: jsonb('lines').notNull().$type<{ itemId: number; quantity: number }[]>(),
    weekdays: integer('weekdays').array().notNull(),
    startTime: varchar('start_time', { length: 5 }).notNull(),
    endTime: varchar('end_time', { length: 5 }).notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }),
    notes: varchar('notes', { length: 500 }),
    state: varchar('state', { length: 8 }).notNull().default('active').$type<'active' | 'stopped'>(),
    stopReason: varchar('stop_reason', { length: 200 }),
    generatedUntil: date('generated_until', { mode: 'string' }),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('service_plans_elder_idx').on(t.elderId), index('service_plans_state_idx').on(t.state)],
);

// The entitlement ledger: one account per elder, programme and unit (minutes or fen).
export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    id: serial('id').primaryKey(),
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    programme: varchar('programme', { length: 30 }).notNull(),
    unit: varchar('unit', { length: 8 }).notNull().$type<'minutes' | 'fen'>(),
    // Kept by a trigger on every entry and checked ≥ 0: a posting that would overdraw fails in
    // the database whichever path wrote it, and the row's lock orders concurrent draws.
    balance: integer('balance').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ledger_accounts_uq').on(t.elderId, t.programme, t.unit),
    index('ledger_accounts_region_idx').on(t.regionId),
  ],
);

// Entries are never changed or deleted (a trigger refuses it); a correction is a reversal. The
// unique keys make jobs idempotent: one issue and one lapse per account and month, one reversal
// per entry.
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => ledgerAccounts.id),
    kind: varchar('kind', { length: 10 })
      .notNull()
      .$type<'issue' | 'draw' | 'carry_in' | 'carry_out' | 'expire' | 'reverse'>(),
    amount: integer('amount').notNull(),
    // Every entry belongs to a month (a draw to its service month, a reversal to its entry's):
    // what lapses at a month's end is the sum of that month and those before.
    period: varchar('period', { length: 7 }).notNull(),
    orderId: integer('order_id').references(() => orders.id),
    reverses: bigint('reverses', { mode: 'number' }),
    note: varchar('note', { length: 200 }),
    // What an issue covers: a month, or (yearly vouchers) the whole year, issued once.
    basis: varchar('basis', { length: 5 }).notNull().default('month').$type<'month' | 'year'>(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('ledger_entries_account_idx').on(t.accountId),
    uniqueIndex('ledger_entries_year_issue_uq')
      .on(t.accountId, sql`substr(${t.period}, 1, 4)`)
      .where(sql`kind = 'issue' and basis = 'year'`),
    uniqueIndex('ledger_entries_issue_uq')
      .on(t.accountId, t.kind, t.period)
      .where(sql`kind in ('issue', 'expire')`),
    uniqueIndex('ledger_entries_reverse_uq')
      .on(t.reverses)
      .where(sql`reverses is not null`),
  ],
);

// What an elder paid of a month's bill (收费清单), recorded by the call centre or the street.
export const billPayments = pgTable(
  'bill_payments',
  {
    id: serial('id').primaryKey(),
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    month: varchar('month', { length: 7 }).notNull(),
    amountFen: integer('amount_fen').notNull(),
    method: varchar('method', { length: 10 }).notNull().$type<'cash' | 'transfer' | 'wechat'>(),
    note: varchar('note', { length: 200 }),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('bill_payments_uq').on(t.elderId, t.month)],
);

// Paper vouchers (纸质服务券): printed from an elder's voucher balance (one draw per voucher), handed
// to the caregiver after a visit and redeemed once by the provider, at the street office or by
// scanning the code. A second redemption is refused and the attempt kept for the street to see.
export const paperVouchers = pgTable(
  'paper_vouchers',
  {
    id: serial('id').primaryKey(),
    code: varchar('code', { length: 24 }).notNull(),
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    programme: varchar('programme', { length: 30 }).notNull(),
    valueFen: integer('value_fen').notNull(),
    drawEntryId: bigint('draw_entry_id', { mode: 'number' })
      .notNull()
      .references(() => ledgerEntries.id),
    state: varchar('state', { length: 10 }).notNull().default('issued').$type<'issued' | 'redeemed' | 'void'>(),
    issuedBy: integer('issued_by')
      .notNull()
      .references(() => users.id),
    issuedAt: ts('issued_at').notNull().defaultNow(),
    redeemedProviderId: integer('redeemed_provider_id').references(() => providers.id),
    redeemedBy: integer('redeemed_by').references(() => users.id),
    redeemedAt: ts('redeemed_at'),
    redeemedChannel: varchar('redeemed_channel', { length: 8 }).$type<'office' | 'scan'>(),
  },
  (t) => [
    uniqueIndex('paper_vouchers_code_uq').on(t.code),
    index('paper_vouchers_elder_idx').on(t.elderId),
    index('paper_vouchers_redeemed_idx').on(t.redeemedProviderId, t.redeemedAt),
  ],
);

export const voucherRefusals = pgTable(
  'voucher_refusals',
  {
    id: serial('id').primaryKey(),
    code: varchar('code', { length: 24 }).notNull(),
    voucherId: integer('voucher_id').references(() => paperVouchers.id),
    providerId: integer('provider_id').references(() => providers.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    reason: varchar('reason', { length: 200 }).notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('voucher_refusals_at_idx').on(t.at)],
);

// A provider's settlement statement for a month: computed as a draft (recomputed at will), reviewed
// by the street, approved by the district — then closed: its items are final, and anything that
// changes later (an exception accepted after the close) is settled in the next period as an
// adjustment. Each order, complaint and paper voucher is settled in one statement only.
export const settlements = pgTable(
  'settlements',
  {
    id: serial('id').primaryKey(),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    period: varchar('period', { length: 7 }).notNull(),
    state: varchar('state', { length: 10 }).notNull().default('draft').$type<'draft' | 'reviewed' | 'approved'>(),
    totals: jsonb('totals').notNull(),
    dueFen: integer('due_fen').notNull(),
    computedAt: ts('computed_at').notNull(),
    computedBy: integer('computed_by').references(() => users.id),
    reviewedBy: integer('reviewed_by').references(() => users.id),
    reviewedAt: ts('reviewed_at'),
    reviewNote: varchar('review_note', { length: 500 }),
    approvedBy: integer('approved_by').references(() => users.id),
    approvedAt: ts('approved_at'),
  },
  (t) => [
    uniqueIndex('settlements_provider_period_uq').on(t.providerId, t.period),
    index('settlements_period_idx').on(t.period, t.state),
  ],
);

// The district's quarterly appropriation to a street for one programme (002 第5篇 L279: the
// district bureau, with finance, pays the street each quarter by approved headcount × standard;
// the street adds its share and pays the providers). A transfer: planned, sent by the district,
// received by the street. The planned amount is the district's share of what the approved
// elders' entitlements are worth in the quarter.
export const appropriations = pgTable(
  'appropriations',
  {
    id: serial('id').primaryKey(),
    quarter: varchar('quarter', { length: 7 }).notNull(),
    streetId: integer('street_id')
      .notNull()
      .references(() => regions.id),
    programme: varchar('programme', { length: 30 }).notNull(),
    // 1 for the quarter's appropriation; 2, 3 … for what a later plan adds (补拨) or takes back
    // (扣回, a negative amount) once an earlier batch has been sent: elders approved, or deaths
    // recorded, after the money moved.
    batch: integer('batch').notNull().default(1),
    headcount: integer('headcount').notNull(),
    // What the approved elders' entitlements are worth in the quarter, before the split.
    amountFen: integer('amount_fen').notNull(),
    // Each level's part of the amount, as the programme's cost share splits it; the street
    // receives all but its own part.
    shares: jsonb('shares').notNull().$type<LevelFen>(),
    state: varchar('state', { length: 10 }).notNull().default('planned').$type<'planned' | 'sent' | 'received'>(),
    plannedAt: ts('planned_at').notNull(),
    plannedBy: integer('planned_by').references(() => users.id),
    sentAt: ts('sent_at'),
    sentBy: integer('sent_by').references(() => users.id),
    receivedAt: ts('received_at'),
    receivedBy: integer('received_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('appropriations_batch_uq').on(t.quarter, t.streetId, t.programme, t.batch),
    // At most one batch still to send per street and programme: a new plan rewrites it.
    uniqueIndex('appropriations_planned_uq')
      .on(t.quarter, t.streetId, t.programme)
      .where(sql`state = 'planned'`),
    index('appropriations_state_idx').on(t.state, t.quarter),
  ],
);

export const settlementItems = pgTable(
  'settlement_items',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: integer('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    kind: varchar('kind', { length: 12 })
      .notNull()
      .$type<'order' | 'adjustment' | 'unverified' | 'complaint' | 'voucher'>(),
    // No foreign keys on what an item names: items are copied from those rows in the statement
    // that picks them, and a month-end writes a million of them — each key a lookup per row.
    orderId: integer('order_id'),
    complaintId: integer('complaint_id'),
    voucherId: integer('voucher_id'),
    // The elder's region (for the street's cost share) and what each programme pays.
    regionId: integer('region_id').notNull(),
    programmes: jsonb('programmes').notNull(),
    subsidyFen: integer('subsidy_fen').notNull(),
    amountFen: integer('amount_fen').notNull(),
    serviceDate: date('service_date', { mode: 'string' }),
  },
  (t) => [
    index('settlement_items_settlement_idx').on(t.settlementId),
    uniqueIndex('settlement_items_order_uq')
      .on(t.orderId)
      .where(sql`order_id is not null`),
    uniqueIndex('settlement_items_complaint_uq')
      .on(t.complaintId)
      .where(sql`complaint_id is not null`),
    uniqueIndex('settlement_items_voucher_uq')
      .on(t.voucherId)
      .where(sql`voucher_id is not null`),
  ],
);

// At approval, each street's programme spending in the statement split between the levels that
// bear it by the policy version of the period: what the quarterly appropriation adds up.
export const settlementShares = pgTable(
  'settlement_shares',
  {
    settlementId: integer('settlement_id')
      .notNull()
      .references(() => settlements.id),
    streetId: integer('street_id')
      .notNull()
      .references(() => regions.id),
    programme: varchar('programme', { length: 30 }).notNull(),
    amountFen: integer('amount_fen').notNull(),
    // Each level's part of the amount by the period's cost share, e.g. { district, street }.
    shares: jsonb('shares').notNull().$type<LevelFen>(),
  },
  // The parts add up to the amount: settlement_shares_sum_ck (migration 0027).
  (t) => [primaryKey({ columns: [t.settlementId, t.streetId, t.programme] })],
);

// Where an elder's cash benefits are paid: the elder's own account, the nursing home's (concentrated
// 特困 support) or the carer's under a care agreement. The number is encrypted like ID numbers.
export const payeeAccounts = pgTable('payee_accounts', {
  elderId: integer('elder_id')
    .primaryKey()
    .references(() => elders.id),
  payeeKind: varchar('payee_kind', { length: 12 }).notNull().$type<'self' | 'institution' | 'carer'>(),
  payeeName: varchar('payee_name', { length: 60 }).notNull(),
  bankName: varchar('bank_name', { length: 60 }).notNull(),
  accountCipher: text('account_cipher').notNull(),
  accountMasked: varchar('account_masked', { length: 40 }).notNull(),
  updatedBy: integer('updated_by')
    .notNull()
    .references(() => users.id),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

// A request to register or change an elder's payee account. One person alone cannot redirect an
// elder's money: the request waits until a second person at street level approves it, and only
// then is payee_accounts written. The account number is encrypted like the live one.
export const payeeChanges = pgTable(
  'payee_changes',
  {
    id: serial('id').primaryKey(),
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    payeeKind: varchar('payee_kind', { length: 12 }).notNull().$type<'self' | 'institution' | 'carer'>(),
    payeeName: varchar('payee_name', { length: 60 }).notNull(),
    bankName: varchar('bank_name', { length: 60 }).notNull(),
    accountCipher: text('account_cipher').notNull(),
    accountMasked: varchar('account_masked', { length: 40 }).notNull(),
    reason: varchar('reason', { length: 200 }).notNull(),
    state: varchar('state', { length: 12 })
      .notNull()
      .default('pending')
      .$type<'pending' | 'approved' | 'rejected' | 'withdrawn'>(),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => users.id),
    requestedAt: ts('requested_at').notNull(),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: ts('decided_at'),
    decisionNote: varchar('decision_note', { length: 200 }),
  },
  (t) => [
    uniqueIndex('payee_changes_one_pending_uq')
      .on(t.elderId)
      .where(sql`state = 'pending'`),
    index('payee_changes_state_idx').on(t.state, t.requestedAt),
  ],
);

// A month's payment list for one cash programme group (高龄津贴, or 特困 support with the care
// subsidy): generated as a draft, exported to the bank as a file, marked paid. Lines copy the
// payee as it was, so a later change of account does not rewrite what was sent.
export const paymentLists = pgTable(
  'payment_lists',
  {
    id: serial('id').primaryKey(),
    month: varchar('month', { length: 7 }).notNull(),
    kind: varchar('kind', { length: 10 }).notNull().$type<'allowance' | 'tekun'>(),
    state: varchar('state', { length: 10 }).notNull().default('draft').$type<'draft' | 'exported' | 'paid'>(),
    totals: jsonb('totals').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    exportedAt: ts('exported_at'),
    paidAt: ts('paid_at'),
  },
  (t) => [uniqueIndex('payment_lists_uq').on(t.month, t.kind)],
);

export const paymentLines = pgTable(
  'payment_lines',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    listId: integer('list_id')
      .notNull()
      .references(() => paymentLists.id, { onDelete: 'cascade' }),
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    programme: varchar('programme', { length: 30 }).notNull(),
    part: varchar('part', { length: 12 }).notNull().$type<'allowance' | 'basic' | 'care' | 'care_subsidy'>(),
    // The list's month, repeated so that one key can say: paid once per elder, programme, part
    // and month, across every list.
    month: varchar('month', { length: 7 }).notNull(),
    // Set on a line that repeated another before the key existed (kept, since it was sent, and
    // turned into a recovery); such lines are outside the key.
    duplicateOf: bigint('duplicate_of', { mode: 'number' }),
    amountFen: integer('amount_fen').notNull(),
    /** The care part of 特困 support is pooled, not paid to a person: no bank line. */
    pooled: boolean('pooled').notNull(),
    payeeKind: varchar('payee_kind', { length: 12 }),
    payeeName: varchar('payee_name', { length: 60 }),
    bankName: varchar('bank_name', { length: 60 }),
    accountCipher: text('account_cipher'),
    accountMasked: varchar('account_masked', { length: 40 }),
    /** Why the line cannot go to the bank as it is (no account, wrong payee); null when it can. */
    problem: varchar('problem', { length: 200 }),
  },
  (t) => [
    index('payment_lines_list_idx').on(t.listId),
    index('payment_lines_elder_idx').on(t.elderId),
    uniqueIndex('payment_lines_paid_once_uq')
      .on(t.elderId, t.programme, t.part, t.month)
      .where(sql`duplicate_of is null`),
  ],
);

// Money paid for a month after the elder's death (the death recorded late): to be recovered.
export const paymentRecoveries = pgTable(
  'payment_recoveries',
  {
    id: serial('id').primaryKey(),
    lineId: bigint('line_id', { mode: 'number' })
      .notNull()
      .references(() => paymentLines.id),
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    month: varchar('month', { length: 7 }).notNull(),
    amountFen: integer('amount_fen').notNull(),
    reason: varchar('reason', { length: 200 }).notNull(),
    state: varchar('state', { length: 10 }).notNull().default('open').$type<'open' | 'recovered' | 'waived'>(),
    createdAt: ts('created_at').notNull().defaultNow(),
    settledBy: integer('settled_by').references(() => users.id),
    settledAt: ts('settled_at'),
    note: varchar('note', { length: 200 }),
  },
  (t) => [uniqueIndex('payment_recoveries_line_uq').on(t.lineId)],
);

// The bank's file layout: which columns in which order, amounts in yuan or fen. Versioned by id;
// the newest is used.
export const bankFileLayouts = pgTable('bank_file_layouts', {
  id: serial('id').primaryKey(),
  name: varchar('name', { length: 60 }).notNull(),
  columns: jsonb('columns').notNull(),
  header: boolean('header').notNull().default(true),
  amountIn: varchar('amount_in', { length: 4 }).notNull().default('yuan').$type<'yuan' | 'fen'>(),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
});

// One row per scheduled job and slot (a minute, a day, a month): claiming the slot is inserting
// its row, so however many servers try, one runs it. A run that fails is retried after a pause;
// one whose server died is taken over when its lease runs out.
export const jobRuns = pgTable(
  'job_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    job: varchar('job', { length: 40 }).notNull(),
    slot: varchar('slot', { length: 40 }).notNull(),
    state: varchar('state', { length: 10 }).notNull().$type<'running' | 'done' | 'failed'>(),
    attempt: integer('attempt').notNull().default(1),
    serverId: varchar('server_id', { length: 60 }).notNull(),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at'),
    leaseUntil: ts('lease_until').notNull(),
    retryAt: ts('retry_at'),
    result: jsonb('result'),
    error: text('error'),
  },
  (t) => [uniqueIndex('job_runs_slot_uq').on(t.job, t.slot), index('job_runs_started_idx').on(t.startedAt)],
);

// ---- Devices, location and emergency (issue 17) ----

// A terminal an elder carries or has at home: a watch or pendant, a one-key home box, a fall
// detector, a door or bed sensor. `deviceKey` is what it reports itself as (the watch protocol's
// device id, an IMEI or a serial); the status columns are the last heard of it.
export const devices = pgTable(
  'devices',
  {
    id: serial('id').primaryKey(),
    kind: varchar('kind', { length: 12 }).notNull().$type<'watch' | 'home_box' | 'fall' | 'door' | 'bed'>(),
    protocol: varchar('protocol', { length: 12 }).notNull().$type<'watch' | 'mqtt' | 'webhook'>(),
    vendor: varchar('vendor', { length: 40 }),
    deviceKey: varchar('device_key', { length: 40 }).notNull(),
    imei: varchar('imei', { length: 20 }),
    simNumber: varchar('sim_number', { length: 20 }),
    elderId: integer('elder_id').references(() => elders.id),
    regionId: integer('region_id').references(() => regions.id),
    lastSeenAt: ts('last_seen_at'),
    battery: integer('battery'),
    signal: integer('signal'),
    lastLat: doublePrecision('last_lat'),
    lastLng: doublePrecision('last_lng'),
    lastFixAt: ts('last_fix_at'),
    lastAccuracy: doublePrecision('last_accuracy'),
    retiredAt: ts('retired_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('devices_key_uq').on(t.protocol, t.deviceKey),
    index('devices_elder_idx').on(t.elderId),
    index('devices_region_idx').on(t.regionId),
  ],
);

// Who a device was bound to, and when: binding history (a device passes from one elder to another).
export const deviceBindings = pgTable(
  'device_bindings',
  {
    id: serial('id').primaryKey(),
    deviceId: integer('device_id')
      .notNull()
      .references(() => devices.id),
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    boundAt: ts('bound_at').notNull(),
    boundBy: integer('bound_by').references(() => users.id),
    unboundAt: ts('unbound_at'),
    unboundBy: integer('unbound_by').references(() => users.id),
    reason: varchar('reason', { length: 200 }),
  },
  (t) => [
    index('device_bindings_device_idx').on(t.deviceId),
    uniqueIndex('device_bindings_open_uq')
      .on(t.deviceId)
      .where(sql`unbound_at is null`),
  ],
);

// Every event a device sent, as the one event model (core/devices/device-event.ts) holds it:
// positions (the trail), alarms, heartbeats, health readings. `dedupe` refuses the same frame
// twice (a device resending what it thinks was lost). Kept for a retention the district sets.
export const deviceEvents = pgTable(
  'device_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deviceId: integer('device_id')
      .notNull()
      .references(() => devices.id),
    elderId: integer('elder_id'),
    kind: varchar('kind', { length: 10 }).notNull().$type<'position' | 'alarm' | 'heartbeat' | 'health'>(),
    deviceAt: ts('device_at'),
    receivedAt: ts('received_at').notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    valid: boolean('valid'),
    accuracy: doublePrecision('accuracy'),
    payload: jsonb('payload').notNull(),
    dedupe: varchar('dedupe', { length: 64 }).notNull(),
  },
  (t) => [
    uniqueIndex('device_events_dedupe_uq').on(t.deviceId, t.dedupe),
    index('device_events_device_at_idx').on(t.deviceId, t.receivedAt),
    index('device_events_received_idx').on(t.receivedAt),
  ],
);

// An alarm case: raised by a device's alarm (or a wandering or offline rule), acknowledged by one
// operator, worked with recorded actions, closed with an outcome. A repeat alarm from the same
// device while its case is open joins the case.
export const alarmCases = pgTable(
  'alarm_cases',
  {
    id: serial('id').primaryKey(),
    deviceId: integer('device_id').references(() => devices.id),
    elderId: integer('elder_id').references(() => elders.id),
    regionId: integer('region_id').references(() => regions.id),
    type: varchar('type', { length: 12 }).notNull(),
    state: varchar('state', { length: 12 }).notNull().$type<'open' | 'acknowledged' | 'closed'>(),
    raisedAt: ts('raised_at').notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    repeats: integer('repeats').notNull().default(0),
    lastRepeatAt: ts('last_repeat_at'),
    acknowledgedAt: ts('acknowledged_at'),
    acknowledgedBy: integer('acknowledged_by').references(() => users.id),
    escalatedAt: ts('escalated_at'),
    closedAt: ts('closed_at'),
    closedBy: integer('closed_by').references(() => users.id),
    outcome: varchar('outcome', { length: 16 }).$type<'false_alarm' | 'helped_home' | 'hospital' | 'died' | 'other'>(),
    note: varchar('note', { length: 500 }),
  },
  (t) => [
    index('alarm_cases_state_idx').on(t.state, t.raisedAt),
    index('alarm_cases_region_idx').on(t.regionId),
    // One open case per device: a repeat joins it.
    uniqueIndex('alarm_cases_open_device_uq')
      .on(t.deviceId)
      .where(sql`state <> 'closed' and device_id is not null`),
  ],
);

// What was done on a case, with times: called the elder or a contact, notified the community or
// grid worker, sent a caregiver (an urgent order), called 120, a note.
export const alarmActions = pgTable(
  'alarm_actions',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => alarmCases.id),
    kind: varchar('kind', { length: 24 }).notNull(),
    at: ts('at').notNull(),
    by: integer('by').references(() => users.id),
    orderId: integer('order_id').references(() => orders.id),
    note: varchar('note', { length: 500 }),
  },
  (t) => [index('alarm_actions_case_idx').on(t.caseId)],
);

// A safe zone around an elder's home (or elsewhere): leaving it raises a wandering alert for
// elders flagged with dementia.
export const geofences = pgTable(
  'geofences',
  {
    id: serial('id').primaryKey(),
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    name: varchar('name', { length: 40 }).notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    radiusM: integer('radius_m').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('geofences_elder_idx').on(t.elderId)],
);

// A caregiver's phone positions while an order is accepted and not yet finished: the trip.
export const tripPositions = pgTable(
  'trip_positions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    caregiverId: integer('caregiver_id')
      .notNull()
      .references(() => caregivers.id),
    at: ts('at').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    accuracy: doublePrecision('accuracy'),
  },
  (t) => [index('trip_positions_order_idx').on(t.orderId, t.at), index('trip_positions_at_idx').on(t.at)],
);

// Webhook posts already taken, by their signature: a replay inside the timestamp window is
// refused (any server), and the rows older than the window are removed.
export const webhookReceipts = pgTable(
  'webhook_receipts',
  {
    signature: varchar('signature', { length: 80 }).primaryKey(),
    receivedAt: ts('received_at').notNull(),
  },
  (t) => [index('webhook_receipts_at_idx').on(t.receivedAt)],
);
