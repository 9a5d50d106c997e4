import Fastify, { type FastifyInstance, type FastifySchema } from 'fastify';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv, type AnySchema, type Options as AjvOptions } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import { configPlugin } from './plugins/config.js';
import { dbPlugin } from './plugins/db.js';
import { authPlugin } from './plugins/auth.js';
import { readCachePlugin } from './plugins/read-cache.js';
import { compressPlugin } from './plugins/compress.js';
import { serveWebApp } from './plugins/web.js';
import { errorHandlerPlugin, sendProblem } from './errors/handler.js';
import { clientErrorHandler, frameworkErrorHandler } from './errors/framework.js';
import { securityHeadersPlugin } from './plugins/security-headers.js';
import { inputGuardPlugin } from './plugins/input-guard.js';
import { allowedMethods } from './routes-index.js';
import { Problem } from './errors/index.js';
import { openapiPlugin } from './openapi/index.js';
import { healthRoutes } from './health/routes.js';
import { authRoutes } from './auth/routes.js';
import { userRoutes } from './users/routes.js';
import { tokenRoutes } from './tokens/routes.js';
import { auditRoutes } from './audit/routes.js';
import { planSchemasPlugin } from './plans/shared-schemas.js';
import { unitRoutes } from './units/routes.js';
import { importRoutes } from './imports/routes.js';
import { planRoutes } from './plans/routes.js';
import { publicRoutes } from './public/routes.js';
import { areaRoutes } from './areas/routes.js';
import { indicatorRoutes } from './indicators/routes.js';
import { deliveryRoutes } from './delivery/routes.js';
import { supervisionRoutes } from './supervision/routes.js';
import { registerNotifier } from './supervision/notifier.js';
import { startSupervisionSchedule } from './supervision/schedule.js';

export const API_PREFIX = '/api/v1';

/**
 * Two validators: path and query strings are text, so their numbers and booleans are coerced; JSON bodies are
 * typed already and are validated strictly — coercion there would turn `null` into "" or 0 inside a `T | null`
 * union, and ["x"] into "x". Unknown body fields are errors rather than silently dropped, so client typos
 * surface. Given as a compilers factory (not `setValidatorCompiler`) so that it also serves plugins that add
 * shared schemas (`app.addSchema`), which Fastify compiles with a fresh validator built from this factory.
 */
function buildValidatorCompiler(externalSchemas: unknown) {
  const base: AjvOptions = {
    removeAdditional: false,
    useDefaults: true,
    allErrors: true,
    strict: false,
    addUsedSchema: false,
  };
  const addFormats = ajvFormats as unknown as (ajv: Ajv) => Ajv;
  const bodyAjv = addFormats(new Ajv({ ...base, coerceTypes: false }));
  const textAjv = addFormats(new Ajv({ ...base, coerceTypes: 'array' }));
  for (const schema of Object.values((externalSchemas ?? {}) as Record<string, object>)) {
    bodyAjv.addSchema(schema);
    textAjv.addSchema(schema);
  }
  return ({ schema, httpPart }: { schema: AnySchema; httpPart?: string }) =>
    (httpPart === 'body' ? bodyAjv : textAjv).compile(schema);
}

export interface BuildOptions {
  /** An already opened database (tests, CLI); the app will not close it. */
  database?: DatabaseHandle;
  /** Apply pending migrations while building (default true). */
  migrate?: boolean;
  /** The time in milliseconds, for what expires (sessions, the login limit's window); tests move it. */
  clock?: () => number;
}

/** A route as registered, with its schema: what the authorization matrix and the schema checks walk. */
export interface RegisteredRoute {
  method: string;
  url: string;
  schema: FastifySchema | undefined;
  /** False when the route takes cookie-authenticated writes without a CSRF token (`config: { csrf: false }`). */
  csrf: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, in order: what the authorization matrix test walks. */
    registeredRoutes: RegisteredRoute[];
    /** Now, in milliseconds (`Date.now` unless `BuildOptions.clock` says otherwise). */
    clock(): number;
  }
}

/**
 * Builds the application: infrastructure plugins (config, db, auth, errors, OpenAPI), the `/api/v1` routes, and
 * the built web app when present. Does not listen; `server.ts` does, and tests use `app.inject`.
 */
export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
    },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    // Errors raised before any hook runs (bad URL, Node's HTTP parser) are problems too.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    schemaController: { compilersFactory: { buildValidator: buildValidatorCompiler } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Plain text is not a format of this API (pasted plans arrive as JSON); refusing it gives a clear 415.
  app.removeContentTypeParser('text/plain');

  const routes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', routes);
  app.decorate('clock', opts.clock ?? Date.now);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const csrf = route.config?.csrf !== false;
    for (const method of methods) routes.push({ method, url: route.url, schema: route.schema, csrf });
    // Every API route documents the problem responses it may give.
    if (route.url.startsWith(API_PREFIX) && route.schema && !route.schema.hide) {
      const response = (route.schema.response ??= {}) as Record<string, unknown>;
      const problem = {
        description: 'Problem (RFC 9457) with a stable `code` and `message: {zh, en}`',
        content: { 'application/problem+json': { schema: Problem } },
      };
      response['4XX'] ??= problem;
      response['5XX'] ??= problem;
    }
  });

  await app.register(securityHeadersPlugin);
  await app.register(configPlugin, { config });
  await app.register(errorHandlerPlugin);
  await app.register(inputGuardPlugin);
  await app.register(dbPlugin, { handle: opts.database, migrate: opts.migrate });
  await app.register(authPlugin);
  await app.register(readCachePlugin);
  // After the read cache, so that the cache keeps uncompressed bodies (see plugins/compress.ts).
  await app.register(compressPlugin);
  await app.register(multipart, {
    limits: { fileSize: config.bodyLimit, files: 1, fields: 20, fieldSize: config.bodyLimit },
  });
  await app.register(openapiPlugin);
  // Supervision's announcements (sent after commit) and its daily run live at the root: routes and the schedule
  // share them, and closing the app waits for what is still being sent.
  registerNotifier(app);
  app.decorate('supervisionSchedule', config.supervisionSchedule ? startSupervisionSchedule(app) : null);

  await app.register(
    async (api) => {
      await api.register(healthRoutes);
      await api.register(authRoutes);
      await api.register(userRoutes);
      await api.register(tokenRoutes);
      await api.register(auditRoutes);
      await api.register(planSchemasPlugin);
      await api.register(areaRoutes);
      await api.register(unitRoutes);
      await api.register(importRoutes);
      await api.register(planRoutes);
      await api.register(publicRoutes);
      await api.register(indicatorRoutes);
      await api.register(deliveryRoutes);
      await api.register(supervisionRoutes);
      // Feature routes (units, imports, plans, public) register here, each as one plugin:
      //   await api.register(unitRoutes);
    },
    { prefix: API_PREFIX },
  );

  const sendPage = await serveWebApp(app, config.webDistDir);

  app.setNotFoundHandler((request, reply) => {
    const urlPath = request.url.split('?')[0]!;
    // Client-side routes of the single-page app (no file extension, outside /api) get its pages (plugins/web.ts).
    const isPageRoute = !urlPath.startsWith('/api') && !/\.[a-z0-9]+$/i.test(urlPath);
    if (sendPage && (request.method === 'GET' || request.method === 'HEAD') && isPageRoute) {
      return sendPage(request, reply);
    }
    // A path that exists with other methods: 405 and the methods it has.
    const allow = allowedMethods(routes, urlPath);
    if (allow.length > 0) {
      reply.header('allow', allow.join(', '));
      return sendProblem(reply, 'METHOD_NOT_ALLOWED', { detail: `${request.method} ${urlPath}` });
    }
    return sendProblem(reply, 'NOT_FOUND', { detail: `${request.method} ${urlPath}` });
  });

  await app.ready();
  return app;
}
