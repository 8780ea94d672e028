import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { limitReveals } from '../../auth/reveal-limit.js';
import {
  and,
  arrayContains,
  asc,
  count,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  like,
  ne,
  sql,
  type SQL,
} from 'drizzle-orm';
import { z } from '../../../shared/zod.js';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import {
  CaregiverCreate,
  CaregiverDetail,
  CaregiverPage,
  CaregiverQuery,
  CaregiverStatusBody,
  CaregiverUpdate,
  ArchiveBody,
  CertificateInput,
  RevealCaregiverBody,
} from '../../../shared/schemas/caregivers.js';
import { caregiverCertificates, caregivers, providers, users } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { inCaregiverScope, inProviderScope, type Scope } from '../../auth/scope.js';
import { badRequest, conflict, fieldError, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { shanghaiDate } from '../../../shared/today.js';
import { addDays } from '../../../core/calendar/working-days.js';
import { normalizeIdNumber } from '../../../core/elders/idcard.js';
import { normalizePhone } from '../../../core/elders/phone.js';
import { rulesOn } from '../providers/rule-store.js';
import { certificateErrors, toDetail, toListItem } from './caregiver-records.js';
import { identityColumns, phoneColumns } from '../../security/personal-columns.js';
import { CAREGIVER_MESSAGES as M } from './messages.js';
import { prefixPattern } from '../../db/like-pattern.js';

// Archived certificates count for nothing: only those on file (archived_at is null).
const healthUntil = sql<
  string | null
>`(select max(x.valid_until) from caregiver_certificates x where x.caregiver_id = ${caregivers.id} and x.kind = 'health' and x.archived_at is null)`;
const SORT = { name: caregivers.name, joinedOn: caregivers.joinedOn, healthValidUntil: healthUntil } as const;

function selectCaregivers(db: DbOrTx) {
  return db
    .select({ c: caregivers, providerName: providers.name, username: users.username })
    .from(caregivers)
    .innerJoin(providers, eq(providers.id, caregivers.providerId))
    .leftJoin(users, eq(users.id, caregivers.userId));
}

const scopeOf = (db: DbOrTx, scope: Scope) => inCaregiverScope(db, scope, caregivers.providerId, caregivers.userId);

/** The caregivers' certificates on file (not archived). */
async function certificatesOf(db: DbOrTx, ids: number[]) {
  const rows = ids.length
    ? await db
        .select()
        .from(caregiverCertificates)
        .where(and(inArray(caregiverCertificates.caregiverId, ids), isNull(caregiverCertificates.archivedAt)))
    : [];
  return (id: number) => rows.filter((r) => r.caregiverId === id);
}

/** A caregiver's archived certificates, latest first, with who archived them. */
async function archivedCertificatesOf(db: DbOrTx, id: number) {
  const rows = await db
    .select({ c: caregiverCertificates, archivedByName: users.displayName })
    .from(caregiverCertificates)
    .leftJoin(users, eq(users.id, caregiverCertificates.archivedBy))
    .where(and(eq(caregiverCertificates.caregiverId, id), isNotNull(caregiverCertificates.archivedAt)))
    .orderBy(desc(caregiverCertificates.archivedAt));
  return rows.map((r) => ({ ...r.c, archivedByName: r.archivedByName }));
}

export async function loadCaregiver(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await selectCaregivers(db).where(and(eq(caregivers.id, id), scopeOf(db, scope)));
  if (!row) throw notFound(M.notFound);
  return row;
}

async function assertIdFree(db: DbOrTx, idHash: string, exceptId?: number) {
  const [dup] = await db
    .select({ id: caregivers.id, providerName: providers.name })
    .from(caregivers)
    .innerJoin(providers, eq(providers.id, caregivers.providerId))
    .where(and(eq(caregivers.idHash, idHash), ne(caregivers.status, 'left')));
  if (dup && dup.id !== exceptId)
    throw conflict(M.duplicate(dup.providerName), [{ field: 'idNumber', message: M.duplicate(dup.providerName) }]);
}

export const caregiverRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, cipher } = deps;
    const tags = ['服务人员'];
    const today = () => shanghaiDate(deps.clock());

    async function detail(tx: DbOrTx, scope: Scope, id: number) {
      const row = await loadCaregiver(tx, scope, id);
      const certs = await certificatesOf(tx, [id]);
      return toDetail(
        { ...row.c, providerName: row.providerName, username: row.username },
        certs(id),
        await archivedCertificatesOf(tx, id),
        today(),
        (await rulesOn(tx, today())).params,
      );
    }

    app.get(
      '/api/caregivers',
      {
        config: { permission: 'caregiver.read' },
        schema: {
          tags,
          summary: '服务人员列表（姓名、电话、身份证号查找；健康证、持证、技能筛选）',
          querystring: CaregiverQuery,
          response: { 200: CaregiverPage, 400: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const t = today();
        const { params: rules } = await rulesOn(db, t);
        const conds: SQL[] = [scopeOf(db, req.principal!.scope)];
        if (q.q) {
          const id = normalizeIdNumber(q.q);
          const phone = normalizePhone(q.q);
          if (/^\d{17}[\dX]$/.test(id)) conds.push(eq(caregivers.idHash, cipher.index(id)));
          else if (/^1\d{10}$/.test(phone)) conds.push(eq(caregivers.phoneHash, cipher.index(phone)));
          else conds.push(like(caregivers.name, prefixPattern(q.q)));
        }
        if (q.providerId) conds.push(eq(caregivers.providerId, q.providerId));
        if (q.status !== 'all') conds.push(eq(caregivers.status, q.status));
        if (q.skill) conds.push(arrayContains(caregivers.skills, [q.skill]));
        const horizon = addDays(t, rules.alertDays);
        if (q.health === 'expired') conds.push(sql`${healthUntil} < ${t}::date`);
        if (q.health === 'expiring') conds.push(sql`${healthUntil} between ${t}::date and ${horizon}::date`);
        if (q.health === 'missing') conds.push(sql`${healthUntil} is null`);
        if (q.health === 'problem') conds.push(sql`(${healthUntil} is null or ${healthUntil} <= ${horizon}::date)`);
        if (q.qualified) {
          const held = sql`exists (select 1 from caregiver_certificates x where x.caregiver_id = ${caregivers.id} and x.kind in ${rules.qualificationKinds}
        and x.archived_at is null and x.issued_on <= ${t}::date and (x.valid_until is null or x.valid_until >= ${t}::date))`;
          conds.push(q.qualified === 'true' ? held : sql`not ${held}`);
        }
        const where = and(...conds);
        const col = SORT[q.sort.replace(/^-/, '') as keyof typeof SORT];
        const [rows, [{ total }]] = await Promise.all([
          selectCaregivers(db)
            .where(where)
            .orderBy(
              q.sort.startsWith('-') ? sql`${col} desc nulls last` : sql`${col} asc nulls last`,
              asc(caregivers.id),
            )
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          db.select({ total: count() }).from(caregivers).where(where),
        ]);
        const certs = await certificatesOf(
          db,
          rows.map((r) => r.c.id),
        );
        return {
          items: rows.map((r) => toListItem({ ...r.c, providerName: r.providerName }, certs(r.c.id), t, rules)),
          total,
          page: q.page,
          pageSize: q.pageSize,
        };
      },
    );

    app.get(
      '/api/caregivers/:id',
      {
        config: { permission: 'caregiver.read' },
        schema: {
          tags,
          summary: '服务人员档案（证件号和电话为掩码）',
          params: IdParams,
          response: { 200: CaregiverDetail, 404: Problem },
        },
      },
      async (req) => detail(db, req.principal!.scope, req.params.id),
    );

    app.post(
      '/api/caregivers',
      {
        config: { permission: 'caregiver.write' },
        schema: {
          tags,
          summary: '登记服务人员（须有健康证）',
          body: CaregiverCreate,
          response: { 201: CaregiverDetail, 400: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const t = today();
        const errors = certificateErrors(b.certificates, t, 'certificates');
        if (!b.certificates.some((c) => c.kind === 'health'))
          errors.push({ field: 'certificates', message: M.healthRequired });
        if (errors.length) throw badRequest(errors.map((e) => e.message).join('；'), errors);
        const scope = req.principal!.scope;
        const id = await db.transaction(async (tx) => {
          const [p] = await tx
            .select()
            .from(providers)
            .where(and(eq(providers.id, b.providerId), inProviderScope(tx, scope, providers.id)));
          if (!p || p.status !== 'approved') throw fieldError('providerId', M.providerInvalid);
          const identity = identityColumns(b.idNumber, cipher, t);
          await assertIdFree(tx, identity.idHash);
          const { certificates, idNumber: _id, phone, ...fields } = b;
          const [row] = await tx
            .insert(caregivers)
            .values({
              ...fields,
              ...identity,
              ...phoneColumns(phone, cipher),
              workDays: [...new Set(b.workDays)].sort(),
            })
            .returning();
          if (certificates.length)
            await tx.insert(caregiverCertificates).values(
              certificates.map((c) => ({
                ...c,
                level: c.level ?? null,
                validUntil: c.validUntil ?? null,
                caregiverId: row.id,
              })),
            );
          await writeAudit(tx, actorOf(req), {
            action: 'caregiver.create',
            entityType: 'caregiver',
            entityId: row.id,
            after: { ...row, certificates },
          });
          return row.id;
        });
        return reply.status(201).send(await detail(db, scope, id));
      },
    );

    app.put(
      '/api/caregivers/:id',
      {
        config: { permission: 'caregiver.write' },
        schema: {
          tags,
          summary: '修改服务人员档案（不填证件号、电话则保持原值）',
          params: IdParams,
          body: CaregiverUpdate,
          response: { 200: CaregiverDetail, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const b = req.body;
        const t = today();
        await db.transaction(async (tx) => {
          const { c: before } = await loadCaregiver(tx, req.principal!.scope, req.params.id);
          const { idNumber, phone, ...fields } = b;
          // Re-encrypting an unchanged value would show as a change in the audit trail.
          const identity =
            idNumber && cipher.index(idNumber) !== before.idHash ? identityColumns(idNumber, cipher, t) : null;
          if (identity) await assertIdFree(tx, identity.idHash, before.id);
          const phoneCols = phone && cipher.index(phone) !== before.phoneHash ? phoneColumns(phone, cipher) : {};
          const [after] = await tx
            .update(caregivers)
            .set({
              ...fields,
              ...(identity ?? {}),
              ...phoneCols,
              workDays: [...new Set(b.workDays)].sort(),
              updatedAt: deps.clock(),
            })
            .where(eq(caregivers.id, before.id))
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'caregiver.update',
            entityType: 'caregiver',
            entityId: before.id,
            before,
            after,
          });
        });
        return detail(db, req.principal!.scope, req.params.id);
      },
    );

    app.post(
      '/api/caregivers/:id/status',
      {
        config: { permission: 'caregiver.write' },
        schema: {
          tags,
          summary: '暂停派单、恢复在岗或离职（须填原因）',
          params: IdParams,
          body: CaregiverStatusBody,
          response: { 200: CaregiverDetail, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        await db.transaction(async (tx) => {
          const { c } = await loadCaregiver(tx, req.principal!.scope, req.params.id);
          if (c.status === 'left') throw conflict(M.leftFinal);
          if (c.status === req.body.status) throw conflict(M.statusSame);
          const [after] = await tx
            .update(caregivers)
            .set({ status: req.body.status, statusReason: req.body.reason, updatedAt: deps.clock() })
            .where(and(eq(caregivers.id, c.id), eq(caregivers.status, c.status)))
            .returning();
          if (!after) throw conflict(M.statusSame);
          // A caregiver who leaves loses the login that went with the job.
          if (after.status === 'left' && after.userId)
            await tx.update(users).set({ active: false, updatedAt: deps.clock() }).where(eq(users.id, after.userId));
          await writeAudit(tx, actorOf(req), {
            action: `caregiver.${req.body.status}`,
            entityType: 'caregiver',
            entityId: c.id,
            before: { status: c.status },
            after: { status: after.status, reason: req.body.reason },
          });
        });
        return detail(db, req.principal!.scope, req.params.id);
      },
    );

    app.post(
      '/api/caregivers/:id/certificates',
      {
        config: { permission: 'caregiver.write' },
        schema: {
          tags,
          summary: '登记证书（健康证、养老护理员等级证书等，续期即登记新证）',
          params: IdParams,
          body: CertificateInput,
          response: { 200: CaregiverDetail, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const errors = certificateErrors([req.body], today(), '');
        if (errors.length) throw badRequest(errors.map((e) => e.message).join('；'), errors);
        await db.transaction(async (tx) => {
          const { c } = await loadCaregiver(tx, req.principal!.scope, req.params.id);
          const [row] = await tx
            .insert(caregiverCertificates)
            .values({
              ...req.body,
              level: req.body.level ?? null,
              validUntil: req.body.validUntil ?? null,
              caregiverId: c.id,
            })
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'caregiver.certificate_add',
            entityType: 'caregiver',
            entityId: c.id,
            after: row,
          });
        });
        return detail(db, req.principal!.scope, req.params.id);
      },
    );

    app.post(
      '/api/caregivers/:id/certificates/:certId/archive',
      {
        config: { permission: 'caregiver.write' },
        schema: {
          tags,
          summary: '归档证书（登记错误或已作废；留档，不再计入持证和派单，须填原因）',
          params: z.object({ id: z.coerce.number().int().positive(), certId: z.coerce.number().int().positive() }),
          body: ArchiveBody,
          response: { 200: CaregiverDetail, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        await db.transaction(async (tx) => {
          const { c } = await loadCaregiver(tx, req.principal!.scope, req.params.id);
          const [before] = await tx
            .select()
            .from(caregiverCertificates)
            .where(and(eq(caregiverCertificates.id, req.params.certId), eq(caregiverCertificates.caregiverId, c.id)))
            .for('update');
          if (!before) throw notFound(M.certificateNotFound);
          if (before.archivedAt) throw conflict(M.certificateArchived);
          const [after] = await tx
            .update(caregiverCertificates)
            .set({ archivedAt: deps.clock(), archivedBy: req.principal!.userId, archiveReason: req.body.reason })
            .where(and(eq(caregiverCertificates.id, before.id), isNull(caregiverCertificates.archivedAt)))
            .returning();
          if (!after) throw conflict(M.certificateArchived);
          await writeAudit(tx, actorOf(req), {
            action: 'caregiver.certificate_archive',
            entityType: 'caregiver',
            entityId: c.id,
            before,
            after,
          });
        });
        return detail(db, req.principal!.scope, req.params.id);
      },
    );

    app.post(
      '/api/caregivers/:id/reveal',
      {
        config: { permission: 'caregiver.write' },
        schema: {
          tags,
          summary: '查看完整身份证号或电话（须填原因，记入审计）',
          params: IdParams,
          body: RevealCaregiverBody,
          response: { 200: z.object({ value: z.string() }), 400: Problem, 404: Problem, 429: Problem },
        },
      },
      async (req) => {
        const { c } = await loadCaregiver(db, req.principal!.scope, req.params.id);
        return limitReveals(db, req, deps.config.revealsPerHour, async (tx) => {
          await writeAudit(tx, actorOf(req), {
            action: 'caregiver.reveal',
            entityType: 'caregiver',
            entityId: c.id,
            after: { field: req.body.field, reason: req.body.reason },
          });
          return { value: cipher.decrypt(req.body.field === 'idNumber' ? c.idCipher : c.phoneCipher) };
        });
      },
    );
  };
