import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { DomainError } from '../errors/index.js';
import { sha256 } from './crypto.js';
import { loginFailuresRepository as repo } from './login-failures-repository.js';

const PRUNE_INTERVAL_MS = 1000;

export interface LoginLimits {
  /** Failures allowed per client address and username within the window. */
  perAddress: number;
  /** Failures allowed per username within the window, whatever the addresses (a guesser with many addresses). */
  perAccount: number;
  windowMs: number;
}

/** A password check the limit has let through; say how it ended. */
export interface LoginAttempt {
  /** The password was right: this address's failures for the account are forgotten. */
  succeeded(): Promise<void>;
}

/**
 * Counts failed password checks (logins, and a wrong current password when changing one's own) in the database,
 * so every server process on it shares one count: per client address and username, and per username across
 * addresses. An attempt is recorded *before* its password is checked and counted with itself included, so that
 * parallel guesses see each other: however many arrive at once, no more than the limit get their password
 * checked (in a burst, attempts in flight count each other, so fewer may be: the limit errs on refusing). An attempt refused by the limit leaves no row (it checked nothing), and writes prune rows older than the
 * window (at most once a second per process: each prune is a commit, which costs milliseconds on PostgreSQL), so
 * the table holds no more than a window's failures whatever the traffic.
 */
export class LoginLimiter {
  private lastPrune = -Infinity;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly limits: LoginLimits,
    private readonly clock: () => number,
  ) {}

  /** Records an attempt; throws 429 `LOGIN_RATE_LIMITED` when the address or the account has no failures left. */
  async begin(address: string, username: string): Promise<LoginAttempt> {
    const { db, limits } = this;
    const account = sha256(username.trim().toLowerCase());
    const now = this.clock();
    const since = new Date(now - limits.windowMs).toISOString();
    if (now - this.lastPrune >= PRUNE_INTERVAL_MS || now < this.lastPrune) {
      this.lastPrune = now;
      await repo.prune(db, since);
    }
    const id = await repo.insert(db, new Date(now).toISOString(), address, account);
    const rows = await repo.recent(db, account, since);
    const fromAddress = rows.filter((r) => r.address === address);
    if (fromAddress.length > limits.perAddress || rows.length > limits.perAccount) {
      await repo.deleteById(db, id);
      throw rateLimited(this.retryAfterMs(rows, fromAddress, id, now));
    }
    return { succeeded: () => repo.deleteForAddress(db, account, address) };
  }

  /** How long until the limit that refused lets a new attempt through: when enough old failures leave the window. */
  private retryAfterMs(
    all: { id: number; at: string }[],
    fromAddress: { id: number; at: string }[],
    ownId: number,
    now: number,
  ): number {
    const { perAddress, perAccount, windowMs } = this.limits;
    const waitFor = (rows: { id: number; at: string }[], max: number): number => {
      const others = rows.filter((r) => r.id !== ownId);
      if (others.length < max) return 0;
      // With `max` failures allowed, one more may try once the (length - max + 1)-th oldest has left the window.
      const freeing = others[others.length - max]!;
      return Date.parse(freeing.at) + windowMs - now;
    };
    return Math.max(waitFor(fromAddress, perAddress), waitFor(all, perAccount), 1000);
  }
}

function rateLimited(retryAfterMs: number): DomainError {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return new DomainError('LOGIN_RATE_LIMITED', {
    message: {
      zh: `登录失败次数过多，请 ${minutes} 分钟后再试。`,
      en: `Too many failed logins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    },
  });
}
