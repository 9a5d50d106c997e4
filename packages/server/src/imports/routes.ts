import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { readDocument } from '@luoshi/core';
import { actorOf } from '../plugins/auth.js';
import { DomainError } from '../errors/index.js';
import { MAX_ID } from '../common-schemas.js';
import { PlanIdParams } from '../plans/schemas.js';
import {
  ConfirmImportBody,
  ConfirmImportResult,
  CreateImportBody,
  EditImportBody,
  EditImportNodeBody,
  ImportDraft,
  ImportIdParams,
  ImportNodeParams,
  ImportPage,
  ImportsQuery,
  ImportTargetParams,
  ReimportBody,
  TargetInput,
  UploadImportBody,
} from './schemas.js';
import {
  confirmImport,
  createImport,
  deleteImportTarget,
  discardImport,
  editImportMeta,
  editImportNode,
  getImport,
  listImports,
  putImportTarget,
  type ImportSource,
} from './imports-service.js';

function badField(path: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', { detail: `${path}: ${message}`, errors: [{ path, message }] });
}

/** Reads a multipart upload: field `file` (the document) and optionally `planId`; the reader decodes the bytes. */
async function readUpload(request: FastifyRequest): Promise<ImportSource> {
  let file: { bytes: Buffer; fileName: string } | null = null;
  let planId: number | null = null;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      if (part.fieldname === 'file') file = { bytes, fileName: part.filename };
    } else if (part.fieldname === 'planId') {
      const raw = typeof part.value === 'string' ? part.value.trim() : '';
      if (!/^[1-9]\d{0,9}$/.test(raw) || Number(raw) > MAX_ID) {
        throw badField('/body/planId', `must be an integer from 1 to ${MAX_ID}`);
      }
      planId = Number(raw);
    }
  }
  if (!file) throw badField('/body/file', 'a file is required');
  // The same bounds as the JSON form's `fileName`; NUL cannot be stored (see plugins/input-guard.ts).
  if (file.fileName.length > 255 || file.fileName.includes('\0')) {
    throw badField('/body/file', 'the file name must be at most 255 characters, without NUL characters');
  }
  const doc = readDocument(
    new Uint8Array(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength),
    file.fileName,
  );
  // A text with NUL characters is a binary file the reader could not recognise, not a plan.
  if (doc.text.includes('\0')) throw badField('/body/file', 'the document contains NUL characters');
  return {
    text: doc.text,
    fileName: file.fileName || null,
    format: doc.format,
    encoding: doc.encoding,
    readerDiagnostics: doc.diagnostics,
    planId,
  };
}

/** Either body form of an import: pasted text as JSON, or a file as multipart/form-data. */
const importBody = (json: typeof CreateImportBody | typeof ReimportBody) => ({
  content: {
    'application/json': { schema: json },
    'multipart/form-data': { schema: UploadImportBody },
  },
});

/** The import workflow: a document becomes a draft, is reviewed and corrected, then confirmed or discarded. */
export const importRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const editors = app.authorize({ roles: ['admin', 'secretariat'] });
  const tags = ['imports'];

  const sourceOf = async (request: FastifyRequest, planIdFromUrl: number | null): Promise<ImportSource> => {
    if (request.isMultipart()) {
      const upload = await readUpload(request);
      return planIdFromUrl === null ? upload : { ...upload, planId: planIdFromUrl };
    }
    const body = request.body as { text: string; fileName?: string; planId?: number };
    return {
      text: body.text,
      fileName: body.fileName ?? null,
      format: 'pasted',
      encoding: null,
      planId: planIdFromUrl ?? body.planId ?? null,
    };
  };

  app.get(
    '/imports',
    {
      onRequest: editors,
      schema: {
        tags,
        summary: 'A page of the drafts awaiting review (newest first)',
        querystring: ImportsQuery,
        response: { 200: ImportPage },
      },
    },
    async (request) => listImports(app.db, request.query),
  );

  app.post(
    '/imports',
    {
      onRequest: editors,
      schema: {
        tags,
        summary:
          'Import a plan from pasted text (JSON) or an uploaded .txt/.html/.docx (multipart field "file")',
        body: importBody(CreateImportBody),
        response: { 201: ImportDraft },
      },
    },
    async (request, reply) => {
      const draft = await createImport(app.db, actorOf(request), await sourceOf(request, null));
      return reply.code(201).send(draft);
    },
  );

  app.post(
    '/plans/:id/reimport',
    {
      onRequest: editors,
      schema: {
        tags,
        summary: 'Re-import a plan from a revised document: a draft that shows what would change',
        params: PlanIdParams,
        body: importBody(ReimportBody),
        response: { 201: ImportDraft },
      },
    },
    async (request, reply) => {
      const draft = await createImport(app.db, actorOf(request), await sourceOf(request, request.params.id));
      return reply.code(201).send(draft);
    },
  );

  app.get(
    '/imports/:id',
    {
      onRequest: editors,
      schema: {
        tags,
        summary: 'A draft with its source text and unit resolution',
        params: ImportIdParams,
        response: { 200: ImportDraft },
      },
    },
    async (request) => getImport(app.db, request.params.id),
  );

  app.patch(
    '/imports/:id',
    {
      onRequest: editors,
      schema: {
        tags,
        summary: "Correct a draft's title or period",
        params: ImportIdParams,
        body: EditImportBody,
        response: { 200: ImportDraft },
      },
    },
    async (request) => editImportMeta(app.db, actorOf(request), request.params.id, request.body),
  );

  app.patch(
    '/imports/:id/nodes/:path',
    {
      onRequest: editors,
      schema: {
        tags,
        summary: 'Correct an item of a draft (path = dotted index path, e.g. "1.2.0")',
        params: ImportNodeParams,
        body: EditImportNodeBody,
        response: { 200: ImportDraft },
      },
    },
    async (request) =>
      editImportNode(app.db, actorOf(request), request.params.id, request.params.path, request.body),
  );

  app.put(
    '/imports/:id/targets/:index',
    {
      onRequest: editors,
      schema: {
        tags,
        summary: 'Correct target `index` of a draft (or add one at the end)',
        params: ImportTargetParams,
        body: TargetInput,
        response: { 200: ImportDraft },
      },
    },
    async (request) =>
      putImportTarget(app.db, actorOf(request), request.params.id, request.params.index, request.body),
  );

  app.delete(
    '/imports/:id/targets/:index',
    {
      onRequest: editors,
      schema: {
        tags,
        summary: 'Remove a target from a draft',
        params: ImportTargetParams,
        response: { 200: ImportDraft },
      },
    },
    async (request) => deleteImportTarget(app.db, actorOf(request), request.params.id, request.params.index),
  );

  app.post(
    '/imports/:id/confirm',
    {
      onRequest: editors,
      schema: {
        tags,
        summary:
          'Confirm a draft: creates (or, for a re-import, replaces) the plan; unknown unit names become units',
        params: ImportIdParams,
        body: Type.Optional(ConfirmImportBody),
        response: { 200: ConfirmImportResult },
      },
    },
    async (request) =>
      confirmImport(app.db, actorOf(request), request.params.id, request.body?.unitMappings ?? []),
  );

  app.delete(
    '/imports/:id',
    {
      onRequest: editors,
      schema: { tags, summary: 'Discard a draft', params: ImportIdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await discardImport(app.db, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
