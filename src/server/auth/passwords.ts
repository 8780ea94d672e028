import { hash, verify } from '@node-rs/argon2';

// @node-rs/argon2 defaults to argon2id with OWASP's recommended cost (19 MiB, t=2).
export const hashPassword = (password: string) => hash(password);
export const verifyPassword = (hashed: string, password: string) => verify(hashed, password).catch(() => false);

// Verifying against this when the user does not exist keeps response time from
// revealing which usernames exist.
let dummy: Promise<string> | null = null;
export async function burnVerification(password: string) {
  dummy ??= hash('no-such-user-placeholder');
  await verifyPassword(await dummy, password);
}
