import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Role } from '../db/schema.js';
import { DomainError } from '../errors/index.js';
import { SESSION_COOKIE, findSession } from '../auth/sessions.js';
import { safeEqual, sha256 } from '../auth/crypto.js';
import { ChangeScopedCache } from './read-cache.js';
import { LoginLimiter } from '../auth/login-limiter.js';
import { findUserByToken } from '../tokens/service.js';
import type { User } from '../users/schemas.js';
import type { Actor } from '../audit/audit.js';

/**
 * How the current request proved who it is, with the credentials epoch of that session or token (what a
 * credential issued on the strength of this one must carry; see UserTable.credentials_epoch).
 */
export type RequestAuth =
  | { kind: 'session'; sessionId: string; csrfToken: string; epoch: number }
  | { kind: 'token'; tokenId: number; epoch: number };

export interface AuthorizeOptions {
  /** Roles allowed; omitted = any logged-in user. */
  roles?: readonly Role[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in user, or null for the public. */
    user: User | null;
    auth: RequestAuth | null;
  }
  interface FastifyInstance {
    /**
     * An `onRequest` hook that admits only logged-in users (of the given roles): 401 `AUTH_REQUIRED` without a
     * login, 403 `FORBIDDEN` for another role. It runs before the body is parsed and validated, so a caller
     * who may not use a route learns nothing about its input. Use as `{ onRequest: app.authorize({ roles }) }`.
     */
    authorize(opts?: AuthorizeOptions): onRequestHookHandler;
    loginLimiter: LoginLimiter;
  }
  interface FastifyContextConfig {
    /** Set false on routes that take cookie-authenticated writes without a CSRF token (only login). */
    csrf?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The logged-in user, for services that need one; throws 401 when there is none. */
export function requireUser(request: FastifyRequest): User {
  if (!request.user) throw new DomainError('AUTH_REQUIRED');
  return request.user;
}

/** The actor to record in the audit log for this request's writes. */
export function actorOf(request: FastifyRequest): Actor {
  const user = requireUser(request);
  return { userId: user.id, label: user.username };
}

/**
 * Identifies the caller on every request (session cookie or `Authorization: Bearer` token), enforces CSRF on
 * cookie-authenticated writes, and provides `app.authorize`. An unknown or expired cookie is treated as no login
 * (so public pages keep working); an invalid bearer token is refused outright, since a machine client that sends
 * one expects it to work.
 */
export const authPlugin = fp(
  async (app) => {
    await app.register(cookie);
    app.decorateRequest('user', null);
    app.decorateRequest('auth', null);
    app.decorate(
      'loginLimiter',
      new LoginLimiter(
        app.db,
        {
          perAddress: app.config.loginMaxFailures,
          perAccount: app.config.loginMaxAccountFailures,
          windowMs: app.config.loginWindowMinutes * 60_000,
        },
        () => app.clock(),
      ),
    );

    // Who a credential belongs to, remembered until a write that may change the answer and for at most a minute
    // (so a token's last use is still recorded about once a minute). Ending credentials (logout, a revoked
    // token, a password change, a disabled user, a new role or unit) writes sessions, api_tokens or users, which
    // moves the stamp in this process and, through the database, in every other one, so it takes effect at once.
    // Expiry is the one change no write announces: each hit checks it against the clock.
    const known = new ChangeScopedCache<{
      user: User;
      auth: RequestAuth;
      expiresAt: number;
      checkedAt: number;
    }>(() => app.dbCredentialStamp());
    const MAX_AGE_MS = 60_000;

    const identify = async (
      request: FastifyRequest,
      key: string,
      lookup: (now: number) => Promise<{ user: User; auth: RequestAuth; expiresAt?: string } | null>,
    ) => {
      const now = app.clock();
      const stamp = (await app.dbStamps(request))?.credentials ?? null;
      const hit = known.get(key, stamp);
      if (hit && now < hit.expiresAt && now - hit.checkedAt < MAX_AGE_MS) return hit;
      const found = await lookup(now);
      if (!found) return null;
      const entry = {
        user: found.user,
        auth: found.auth,
        expiresAt: found.expiresAt ? Date.parse(found.expiresAt) : Infinity,
        checkedAt: now,
      };
      known.set(key, entry, stamp);
      return entry;
    };

    app.addHook('onRequest', async (request: FastifyRequest) => {
      const header = request.headers.authorization;
      if (header !== undefined) {
        const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
        const token = m?.[1];
        const found = token
          ? await identify(request, `t:${sha256(token)}`, async (now) => {
              const t = await findUserByToken(app.db, token, now);
              return t ? { user: t.user, auth: { kind: 'token', tokenId: t.tokenId, epoch: t.epoch } } : null;
            })
          : null;
        if (!found) {
          throw new DomainError('AUTH_REQUIRED', {
            message: { zh: 'API 令牌无效或已撤销。', en: 'The API token is invalid or revoked.' },
          });
        }
        request.user = found.user;
        request.auth = found.auth;
        return;
      }
      const value = request.cookies[SESSION_COOKIE];
      if (!value) return;
      const session = await identify(request, `s:${sha256(value)}`, async (now) => {
        const s = await findSession(app.db, value, now);
        return s
          ? {
              user: s.user,
              auth: { kind: 'session', sessionId: s.id, csrfToken: s.csrfToken, epoch: s.epoch },
              expiresAt: s.expiresAt,
            }
          : null;
      });
      if (!session || session.auth.kind !== 'session') return;
      request.user = session.user;
      request.auth = session.auth;
      if (!SAFE_METHODS.has(request.method) && request.routeOptions.config.csrf !== false) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !safeEqual(sent, session.auth.csrfToken)) {
          throw new DomainError('CSRF_TOKEN_INVALID');
        }
      }
    });

    app.decorate('authorize', (opts: AuthorizeOptions = {}): onRequestHookHandler => {
      const roles = opts.roles ? new Set<string>(opts.roles) : null;
      return function authorizeHook(request: FastifyRequest, _reply: FastifyReply, done) {
        if (!request.user) return done(new DomainError('AUTH_REQUIRED'));
        if (roles && !roles.has(request.user.role)) return done(new DomainError('FORBIDDEN'));
        done();
      };
    });
  },
  { name: 'luoshi-auth', dependencies: ['luoshi-config', 'luoshi-db'] },
);
