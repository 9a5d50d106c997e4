/**
 * Counts failed logins per client address and username in a sliding window. Kept in memory: it protects one
 * server process against guessing, and a restart forgetting the counts is acceptable for that purpose.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private key(ip: string, username: string): string {
    return `${ip}\u0000${username.trim().toLowerCase()}`;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** True when this address has used up its failures for this username. */
  isBlocked(ip: string, username: string): boolean {
    return this.recent(this.key(ip, username)).length >= this.maxFailures;
  }

  recordFailure(ip: string, username: string): void {
    const key = this.key(ip, username);
    const list = this.recent(key);
    list.push(this.now());
    this.failures.set(key, list);
    // Bound memory under a spray of usernames: drop windows that have expired.
    if (this.failures.size > 10_000) for (const k of [...this.failures.keys()]) this.recent(k);
  }

  reset(ip: string, username: string): void {
    this.failures.delete(this.key(ip, username));
  }
}
