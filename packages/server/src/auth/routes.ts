import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DomainError } from '../errors/index.js';
import { User } from '../users/schemas.js';
import { findUserByUsername } from '../users/service.js';
import { verifyPassword } from './crypto.js';
import { SESSION_COOKIE, createSession, deleteSession } from './sessions.js';
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
      const limiter = app.loginLimiter;
      if (limiter.isBlocked(request.ip, username)) throw new DomainError('LOGIN_RATE_LIMITED');
      const found = await findUserByUsername(app.db, username);
      const ok = await verifyPassword(found?.passwordHash ?? null, password);
      if (!found || !ok || found.disabled) {
        limiter.recordFailure(request.ip, username);
        throw new DomainError('LOGIN_FAILED');
      }
      limiter.reset(request.ip, username);
      const { passwordHash: _omit, ...user } = found;
      const session = await createSession(app.db, user, app.config.sessionTtlHours);
      reply.setCookie(SESSION_COOKIE, session.cookieValue, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: request.protocol === 'https',
        expires: session.expiresAt,
      });
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
