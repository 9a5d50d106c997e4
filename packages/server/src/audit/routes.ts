import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readAuditHead } from './chain.js';
import { AuditHead, AuditPage, AuditQuery } from './schemas.js';
import { listAudit } from './service.js';

/** The audit log, read-only: there is deliberately no route that changes or deletes an entry. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit',
    {
      onRequest: app.authorize({ roles: ['admin', 'secretariat'] }),
      schema: {
        tags: ['audit'],
        summary: 'Browse the audit log (newest first)',
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (request) => listAudit(app.db, request.query),
  );

  app.get(
    '/audit/head',
    {
      onRequest: app.authorize({ roles: ['admin', 'secretariat'] }),
      schema: {
        tags: ['audit'],
        summary: 'The head of the audit hash chain (row count and last hash), to record for a later verify',
        response: { 200: AuditHead },
      },
    },
    async () => readAuditHead(app.db),
  );
};
