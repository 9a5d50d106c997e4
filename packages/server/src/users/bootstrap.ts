import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { randomSecret } from '../auth/crypto.js';
import { countUsers, createUser } from './service.js';

/**
 * On a database without users, creates `admin` with a random password and returns that password (to be
 * printed once); returns null when users exist. No password works by default: this is the only way in.
 */
export async function ensureInitialAdmin(db: Kysely<Database>): Promise<string | null> {
  if ((await countUsers(db)) > 0) return null;
  const password = randomSecret().slice(0, 20);
  await createUser(db, SYSTEM_ACTOR, {
    username: 'admin',
    displayName: '系统管理员',
    role: 'admin',
    password,
  });
  return password;
}
