import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** A random secret, URL-safe, 256 bits. */
export const randomSecret = (): string => randomBytes(32).toString('base64url');

/** SHA-256 hex: how session ids and API tokens are stored, so a leaked database holds no usable credential. */
export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Compares two strings in constant time (for CSRF tokens). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Hashes a password with argon2id (the library's default algorithm, with its recommended costs). */
export const hashPassword = (password: string): Promise<string> => hash(password);

// A hash of an unguessable password, verified against when the username does not exist, so that a login for an
// unknown user takes as long as one with a wrong password and does not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

/** Checks a password against a stored hash; with no hash, spends the same time and returns false. */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null) {
    dummyHash ??= hash(randomSecret());
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
