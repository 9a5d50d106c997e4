import SwaggerParser from '@apidevtools/swagger-parser';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.js';

let t: TestApp;
/** The parts of the document these tests read. */
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
}
let doc: Doc;
beforeAll(async () => {
  t = await createTestApp();
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json<Doc>();
});
afterAll(() => t.close());

describe('the OpenAPI document', () => {
  it('is what the web client’s types were generated from (else run `npm run gen:api -w @luoshi/web` against a server)', async () => {
    // packages/web/src/api/schema.ts is generated from this document; a route changed without regenerating it
    // leaves the web app compiling against a wire format the server no longer speaks.
    const { default: openapiTS, astToString, COMMENT_HEADER } = await import('openapi-typescript');
    const prettier = await import('prettier');
    const file = fileURLToPath(new URL('../../../web/src/api/schema.ts', import.meta.url));
    const generated =
      COMMENT_HEADER + astToString(await openapiTS(structuredClone(doc) as never, { arrayLength: true }));
    const options = await prettier.resolveConfig(file);
    const formatted = await prettier.format(generated, { ...options, filepath: file });
    // Compared as a boolean: a diff of a 14,000-line file would bury the message.
    const committed = readFileSync(file, 'utf8');
    const firstDifference = [...formatted].findIndex((ch, k) => committed[k] !== ch);
    expect(
      formatted === committed,
      `schema.ts is stale near: ${JSON.stringify(formatted.slice(Math.max(0, firstDifference - 80), firstDifference + 80))}`,
    ).toBe(true);
  });

  it('is valid OpenAPI 3.0 for a standard validator (so clients can be generated from it)', async () => {
    expect(doc.openapi).toMatch(/^3\.0\./);
    // The validator dereferences in place; give it a copy. It throws with every error it found.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('describes a span as exactly two non-negative integers, as a 3.0 array (3.0 has no tuples)', () => {
    const text = JSON.stringify(doc);
    expect(text).not.toContain('"additionalItems"');
    const spans: unknown[] = [];
    const walk = (node: unknown) => {
      if (node === null || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (o.title === 'Span') spans.push(o);
      for (const child of Object.values(o)) walk(child);
    };
    walk(doc);
    expect(spans.length).toBeGreaterThan(0);
    for (const span of spans) {
      expect(span).toMatchObject({
        type: 'array',
        minItems: 2,
        maxItems: 2,
        items: { type: 'integer', minimum: 0 },
      });
    }
  });
});
