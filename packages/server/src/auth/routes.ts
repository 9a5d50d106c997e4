import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DomainError } from '../errors/index.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { User } from '../users/schemas.js';
import { findUserByUsername } from '../users/service.js';
import { verifyPassword } from './crypto.js';
import { changeOwnPassword } from './password.js';
import { SESSION_COOKIE, createSession, deleteSession, type NewSession } from './sessions.js';
import { requireUser } from '../plugins/auth.js';

const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
const LoginResult = Type.Object({ user: User, csrfToken: Type.String() });
const MeResult = Type.Object({ user: User, csrfToken: Type.Union([Type.String(), Type.Null()]) });
const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
    newPassword: Type.String({ minLength: 8, maxLength: 1024, description: 'At least 8 characters' }),
  },
  { additionalProperties: false },
);
const ChangePasswordResult = Type.Object({
  user: User,
  /** The renewed session's CSRF token; null when the request came with an API token. */
  csrfToken: Type.Union([Type.String(), Type.Null()]),
  otherSessionsEnded: Type.Integer({ minimum: 0 }),
  tokensRevoked: Type.Integer({ minimum: 0 }),
});

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, session: NewSession): void {
  reply.setCookie(SESSION_COOKIE, session.cookieValue, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: request.protocol === 'https',
    expires: session.expiresAt,
  });
}

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/auth/login',
    {
      // Login creates the session the CSRF token belongs to, so it cannot require one.
      config: { csrf: false },
      schema: {
        tags: ['auth'],
        summary: 'Log in with username and password; sets the session cookie',
        body: LoginBody,
        response: { 200: LoginResult },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      // Counted before the password is checked, so parallel guesses count each other (see LoginLimiter).
      const attempt = await app.loginLimiter.begin(request.ip, username);
      const found = await findUserByUsername(app.db, username);
      const ok = await verifyPassword(found?.passwordHash ?? null, password);
      if (!found || !ok || found.disabled) throw new DomainError('LOGIN_FAILED');
      await attempt.succeeded();
      const { passwordHash: _hash, credentialsEpoch, ...user } = found;
      // Under the epoch read with the hash: a password change or disabling since then leaves it dead.
      const session = await createSession(
        app.db,
        user,
        credentialsEpoch,
        app.config.sessionTtlHours,
        app.clock(),
      );
      setSessionCookie(request, reply, session);
      return { user, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    {
      onRequest: app.authorize(),
      schema: { tags: ['auth'], summary: 'End the current session', response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const user = requireUser(request);
      if (request.auth?.kind === 'session') await deleteSession(app.db, request.auth.sessionId, user);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/me/password',
    {
      onRequest: app.authorize(),
      schema: {
        tags: ['auth'],
        summary: 'Change my own password',
        description:
          'Needs the current password. Ends every session and API token of the caller; a browser session is ' +
          'replaced by a new one (new cookie and CSRF token), so the caller stays logged in where they are. A ' +
          'wrong current password counts as a failed login for the login limit.',
        body: ChangePasswordBody,
        response: { 200: ChangePasswordResult },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const changed = await changeOwnPassword(app.db, {
        userId: user.id,
        currentPassword: request.body.currentPassword,
        newPassword: request.body.newPassword,
        renewSession: request.auth?.kind === 'session',
        sessionTtlHours: app.config.sessionTtlHours,
        now: app.clock(),
        limit: () => app.loginLimiter.begin(request.ip, user.username),
      });
      if (changed.session) setSessionCookie(request, reply, changed.session);
      return {
        user: changed.user,
        csrfToken: changed.session?.csrfToken ?? null,
        otherSessionsEnded: changed.otherSessionsEnded,
        tokensRevoked: changed.tokensRevoked,
      };
    },
  );

  app.get(
    '/auth/me',
    {
      onRequest: app.authorize(),
      schema: {
        tags: ['auth'],
        summary: 'The logged-in user and the CSRF token',
        response: { 200: MeResult },
      },
    },
    async (request) => ({
      user: requireUser(request),
      csrfToken: request.auth?.kind === 'session' ? request.auth.csrfToken : null,
    }),
  );
};
