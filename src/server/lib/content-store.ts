// Files kept under the data directory by their SHA-256: the same file is stored once, a
// half-written file is never seen under its name, and a read proves the bytes are unchanged.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type StoredRead = { ok: true; bytes: Buffer } | { ok: false; reason: 'missing' | 'corrupt' };

export function contentStore<M extends string>(dir: string, extensions: Record<M, string>) {
  const fileOf = (sha: string, mime: M) => path.join(dir, sha.slice(0, 2), `${sha}.${extensions[mime]}`);
  return {
    /** Stores the bytes and returns their SHA-256 (hex). */
    put(bytes: Buffer, mime: M): string {
      const sha = crypto.createHash('sha256').update(bytes).digest('hex');
      const target = fileOf(sha, mime);
      if (!fs.existsSync(target)) {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        const tmp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
        fs.writeFileSync(tmp, bytes);
        fs.renameSync(tmp, target);
      }
      return sha;
    },
    read(sha: string, mime: M): StoredRead {
      const file = fileOf(sha, mime);
      if (!fs.existsSync(file)) return { ok: false, reason: 'missing' };
      const bytes = fs.readFileSync(file);
      if (crypto.createHash('sha256').update(bytes).digest('hex') !== sha) return { ok: false, reason: 'corrupt' };
      return { ok: true, bytes };
    },
  };
}
