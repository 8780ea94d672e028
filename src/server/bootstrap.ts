// First start: an empty database gets either the demo district or one administrator.
import crypto from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import type { Database, Db } from './db/client.js';
import type { PersonalDataCipher } from './security/personal-data.js';
import { regions, users } from './db/schema.js';
import { hashPassword } from './auth/passwords.js';
import { loadDemoDistrict, DEMO_PASSWORD } from './demo/demo-district.js';
import { ROLE_LABELS } from '../shared/labels.js';
import { writeAudit } from './modules/audit/audit-writer.js';
import { recomputeEntitlements } from './modules/entitlements/recompute.js';

export async function isEmpty(db: Db) {
  const [{ n }] = await db.select({ n: count() }).from(users);
  return n === 0;
}

/** Returns the lines to print once, or null when the database already had data. */
export async function bootstrap(
  database: Database,
  /**
   * today: the caller's date (Asia/Shanghai), from its clock; dataDir: where the server keeps
   * uploaded documents (the demo's applications' documents go there too).
   */
  opts: { demo: boolean; cipher: PersonalDataCipher; today: string; dataDir: string },
): Promise<string[] | null> {
  const db = database.db;
  if (!(await isEmpty(db))) return null;
  if (opts.demo) {
    const logins = await loadDemoDistrict(database, { cipher: opts.cipher, dataDir: opts.dataDir });
    await recomputeEntitlements(database, opts.today);
    return [
      '已载入演示数据（城关区）。演示账户（密码均为 ' + DEMO_PASSWORD + '）：',
      ...logins.map((l) => `  ${l.username.padEnd(12)} ${ROLE_LABELS[l.role]} · ${l.displayName} · ${l.where}`),
    ];
  }
  // Without demo data: a district root to hang the tree on, and one administrator whose random
  // password is printed once and must be changed at first login.
  const password = `Yy-${crypto.randomBytes(9).toString('base64url')}`;
  await db.transaction(async (tx) => {
    const [root] = await tx
      .insert(regions)
      .values({ level: 'district', code: '110101000000', name: '本区（请修改名称和代码）', path: 'pending' })
      .returning();
    await tx
      .update(regions)
      .set({ path: `/${root.id}/` })
      .where(eq(regions.id, root.id));
    const [admin] = await tx
      .insert(users)
      .values({
        username: 'admin',
        displayName: '系统管理员',
        role: 'district_admin',
        regionId: root.id,
        passwordHash: await hashPassword(password),
        mustChangePassword: true,
      })
      .returning({ id: users.id });
    await writeAudit(
      tx,
      { userId: null, username: 'system', ip: null, requestId: null },
      { action: 'system.init', entityType: 'user', entityId: admin.id },
    );
  });
  return ['已创建管理员账户（仅显示这一次，首次登录须修改密码）：', `  用户名 admin   密码 ${password}`];
}
