// Personal data at rest: AES-256-GCM for the value, HMAC-SHA256 for an exact-match index.
// Two keys are derived from DATA_KEY with HKDF so the index key never decrypts anything.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface PersonalDataCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  /** Deterministic keyed hash for lookups; equal inputs give equal outputs. */
  index(plain: string): string;
  /** Files (an uploaded roster): the same key and cipher, binary in and out. */
  encryptBytes(plain: Buffer): Buffer;
  decryptBytes(stored: Buffer): Buffer;
}

/** Marks encrypted bytes (version 1), so a file stored before encryption can still be told apart. */
export const BYTES_MAGIC = Buffer.from('YYE1');

/** Whether stored bytes are this cipher's output (an .xlsx begins with "PK", never with this). */
export const isEncryptedBytes = (stored: Buffer) =>
  stored.length >= BYTES_MAGIC.length + 28 && stored.subarray(0, BYTES_MAGIC.length).equals(BYTES_MAGIC);

export function createCipher(masterKey: Buffer): PersonalDataCipher {
  if (masterKey.length !== 32) throw new Error('DATA_KEY 须为 32 字节（64 位十六进制或 base64）');
  const derive = (info: string) => Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), info, 32));
  const encKey = derive('yiyang personal data encryption');
  const macKey = derive('yiyang personal data index');
  // Random IVs drawn from a pool: one randomBytes call per 1,024 values instead of per value,
  // which an import of 100,000 rows otherwise spends a twentieth of its time on.
  let pool = Buffer.alloc(0);
  let at = 0;
  const nextIv = () => {
    if (at + 12 > pool.length) {
      pool = crypto.randomBytes(12 * 1024);
      at = 0;
    }
    at += 12;
    return pool.subarray(at - 12, at);
  };
  return {
    encrypt(plain) {
      const iv = nextIv();
      const c = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      // v1: version prefix so the format can change without guessing.
      return `v1.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(stored) {
      const raw = Buffer.from(stored.slice(3), 'base64');
      const d = crypto.createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
    index: (plain) => crypto.createHmac('sha256', macKey).update(plain, 'utf8').digest('hex'),
    encryptBytes(plain) {
      // A fresh IV, not the pool's: one file, and it must never share an IV with a value.
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([c.update(plain), c.final()]);
      return Buffer.concat([BYTES_MAGIC, iv, c.getAuthTag(), body]);
    },
    decryptBytes(stored) {
      if (!isEncryptedBytes(stored)) throw new Error('not encrypted with this format');
      const raw = stored.subarray(BYTES_MAGIC.length);
      const d = crypto.createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]);
    },
  };
}

function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error('DATA_KEY 须为 32 字节（64 位十六进制或 base64）');
  return key;
}

/**
 * DATA_KEY from the environment; on the embedded database, a key generated once into the data
 * directory. A PostgreSQL deployment must supply the key: losing it loses the data.
 */
export function loadDataKey(opts: { dataKey?: string; dataDir: string; embedded: boolean }): Buffer {
  if (opts.dataKey) return parseKey(opts.dataKey);
  if (!opts.embedded) {
    throw new Error(
      '使用 DATABASE_URL 时必须设置 DATA_KEY（32 字节密钥，64 位十六进制），用于加密身份证号和电话。请妥善保管，丢失将无法解密。',
    );
  }
  const file = path.join(opts.dataDir, 'data.key');
  if (fs.existsSync(file)) return parseKey(fs.readFileSync(file, 'utf8'));
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600 });
  return key;
}
