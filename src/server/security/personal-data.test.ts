import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCipher, loadDataKey } from './personal-data.js';

describe('personal data cipher', () => {
  const cipher = createCipher(crypto.randomBytes(32));
  it('round-trips, with a fresh IV each time', () => {
    const a = cipher.encrypt('11010519491231002X');
    const b = cipher.encrypt('11010519491231002X');
    expect(a).not.toBe(b);
    expect(cipher.decrypt(a)).toBe('11010519491231002X');
    expect(a).not.toContain('1101051949');
  });
  it('refuses tampered ciphertext', () => {
    const c = cipher.encrypt('13812345678');
    const raw = Buffer.from(c.slice(3), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => cipher.decrypt(`v1.${raw.toString('base64')}`)).toThrow();
  });
  it('encrypts bytes (an uploaded roster): no plaintext left, tampering refused', () => {
    const file = Buffer.from('PK\u0003\u0004<c>62010219450315011X</c><c>13812345678</c>');
    const stored = cipher.encryptBytes(file);
    expect(stored.includes(Buffer.from('62010219450315011X'))).toBe(false);
    expect(stored.includes(Buffer.from('13812345678'))).toBe(false);
    expect(cipher.decryptBytes(stored).equals(file)).toBe(true);
    stored[stored.length - 1] ^= 1;
    expect(() => cipher.decryptBytes(stored)).toThrow();
    expect(() => createCipher(crypto.randomBytes(32)).decryptBytes(cipher.encryptBytes(file))).toThrow();
  });
  it('indexes deterministically, per key', () => {
    expect(cipher.index('13812345678')).toBe(cipher.index('13812345678'));
    expect(createCipher(crypto.randomBytes(32)).index('13812345678')).not.toBe(cipher.index('13812345678'));
  });
});

describe('loadDataKey', () => {
  it('generates a key once into the data directory and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yy-key-'));
    const first = loadDataKey({ dataDir: dir, embedded: true });
    expect(loadDataKey({ dataDir: dir, embedded: true }).equals(first)).toBe(true);
    expect(fs.statSync(path.join(dir, 'data.key')).mode & 0o077).toBe(0);
    fs.rmSync(dir, { recursive: true });
  });
  it('is required with an external database, and checked', () => {
    expect(() => loadDataKey({ dataDir: '/nonexistent', embedded: false })).toThrow(/DATA_KEY/);
    expect(() => loadDataKey({ dataKey: 'abc', dataDir: '/x', embedded: false })).toThrow(/32 字节/);
    expect(loadDataKey({ dataKey: 'ab'.repeat(32), dataDir: '/x', embedded: false })).toHaveLength(32);
  });
});
