import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compressors } from '../plugins/compress.js';
import { createTestApp, TEST_DB, type Session, type TestApp } from '../test/harness.js';
import { CHENGDU_TEXT, confirm, nodeTitled, postImport, getPlan } from '../imports/testing.js';
import { readPlanDocument } from './plan-document.js';
import { documentBytes, storeAllPlanDocuments, storedForm } from './plan-read-model.js';

// The plan's read model (plan-read-model.ts): the documents stored by each write through the services, the marks
// (rows of plan_read_dirty) that triggers leave for any other write, and the reads that use the stored documents
// only while they are current.
let t: TestApp;
let sec: Session;
let planId: number;
beforeAll(async () => {
  t = await createTestApp();
  sec = await t.loginAs('secretariat');
  planId = await confirm(t, sec, (await postImport(t, sec, CHENGDU_TEXT)).id);
});
afterAll(() => t.close());

const dirty = async (id: number) =>
  (await t.db.selectFrom('plan_read_dirty').select('id').where('plan_id', '=', id).execute()).length;
const stored = (id: number) =>
  t.db
    .selectFrom('plan_read_documents')
    .select(['internal_body', 'public_body'])
    .where('plan_id', '=', id)
    .executeTakeFirst();
/** A stored document as text (bytes on SQLite, brotli in base64 on PostgreSQL). */
const text = (b: Buffer | string | null | undefined) =>
  b === null || b === undefined ? b : documentBytes(b).toString();
const fresh = async (id: number, internal: boolean) =>
  (await readPlanDocument(t.db, id, internal))?.toString();
const get = (url: string, headers: Record<string, string> = sec.headers) =>
  t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });

describe(`the plan's read model on ${TEST_DB}`, () => {
  it('is stored by the import that creates the plan: both documents, the public one absent while unpublished', async () => {
    expect(await dirty(planId)).toBe(0);
    const docs = await stored(planId);
    expect(text(docs?.internal_body)).toBe(await fresh(planId, true));
    expect(docs?.public_body).toBeNull();
    expect((await get(`/public/plans/${planId}`, {})).statusCode).toBe(404);
  });

  it('is what a read answers while it is current (the read does not build the plan)', async () => {
    const before = await stored(planId);
    // Changed behind the model's back, on purpose: no trigger watches the documents themselves.
    const marker = JSON.stringify({
      ...JSON.parse(text(before!.internal_body)!),
      title: '只在读模型里的标题',
    });
    const asStored = storedForm(Buffer.from(marker), TEST_DB === 'postgres');
    await t.db
      .updateTable('plan_read_documents')
      .set({ internal_body: asStored })
      .where('plan_id', '=', planId)
      .execute();
    expect((await get(`/plans/${planId}?_=1`)).json()).toMatchObject({ title: '只在读模型里的标题' });
    await t.db
      .updateTable('plan_read_documents')
      .set({ internal_body: before!.internal_body })
      .where('plan_id', '=', planId)
      .execute();
  });

  it('is stored again by each write through the services, with what the write changed', async () => {
    const plan = await getPlan(t, sec, planId);
    const node = nodeTitled(plan, '统计制度');
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/plans/${planId}/nodes/${node.id}`,
      headers: sec.headers,
      payload: { note: '读模型备注' },
    });
    expect(res.statusCode).toBe(200);
    expect(await dirty(planId)).toBe(0);
    expect(text((await stored(planId))?.internal_body)).toContain('读模型备注');
    expect(text((await stored(planId))?.internal_body)).toBe(await fresh(planId, true));

    const pub = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/plans/${planId}`,
      headers: sec.headers,
      payload: { published: true },
    });
    expect(pub.statusCode).toBe(200);
    const docs = await stored(planId);
    expect(text(docs?.public_body)).toBe(await fresh(planId, false));
    // The public document has no notes.
    expect(text(docs?.public_body)).not.toContain('读模型备注');
    expect((await get(`/public/plans/${planId}`, {})).body).toBe(await fresh(planId, false));
  });

  it('is stored compressed on PostgreSQL and as the bytes on SQLite; a document in the earlier plain base64 still reads', async () => {
    const { internal_body: body } = (await stored(planId))!;
    const bytes = Buffer.from((await fresh(planId, true))!);
    if (TEST_DB === 'postgres') {
      expect(typeof body).toBe('string');
      // Brotli in base64: a fraction of the plain base64 that PostgreSQL would otherwise send.
      expect((body as string).length).toBeLessThan(bytes.toString('base64').length / 3);
    } else expect(Buffer.isBuffer(body)).toBe(true);
    expect(documentBytes(body).equals(bytes)).toBe(true);
    expect(documentBytes(bytes.toString('base64')).equals(bytes)).toBe(true);
    if (TEST_DB === 'postgres') {
      // A browser (it accepts brotli) is sent the stored form itself, not the document compressed again.
      const compressing = vi.spyOn(compressors, 'br');
      const br = await get(`/plans/${planId}?_=4`, { ...sec.headers, 'accept-encoding': 'gzip, br' });
      expect(compressing).not.toHaveBeenCalled();
      compressing.mockRestore();
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.rawPayload.equals(Buffer.from((body as string).slice('br:'.length), 'base64'))).toBe(true);
      expect(brotliDecompressSync(br.rawPayload).equals(bytes)).toBe(true);
      // Left by the read model before it compressed: read as it is until the next write or start stores it again.
      await t.db
        .updateTable('plan_read_documents')
        .set({ internal_body: bytes.toString('base64') })
        .where('plan_id', '=', planId)
        .execute();
      expect((await get(`/plans/${planId}?_=3`)).body).toBe(bytes.toString());
      await t.db
        .updateTable('plan_read_documents')
        .set({ internal_body: body })
        .where('plan_id', '=', planId)
        .execute();
    }
  });

  it('is not used after a write around the services, until a write or a start stores it again', async () => {
    await t.db.updateTable('plans').set({ title: '手工改的标题' }).where('id', '=', planId).execute();
    const node = nodeTitled(await getPlan(t, sec, planId), '统计制度');
    await t.db.updateTable('plan_nodes').set({ body: '手工改的正文' }).where('id', '=', node.id).execute();
    expect(await dirty(planId)).toBeGreaterThan(0);
    const read = (await get(`/plans/${planId}?_=2`)).body;
    expect(read).toContain('手工改的标题');
    expect(read).toContain('手工改的正文');
    expect(read).toBe(await fresh(planId, true));
    // What a server does when it starts.
    expect(await storeAllPlanDocuments(t.db)).toBeGreaterThan(0);
    expect(await dirty(planId)).toBe(0);
    expect(text((await stored(planId))?.internal_body)).toBe(read);
  });

  it('is marked stale by a change to a unit or an area the plan shows, and by its links and targets', async () => {
    const plan = await getPlan(t, sec, planId);
    const unit = nodeTitled(plan, '统计制度').leadUnits[0]!;
    const changes: [string, () => Promise<unknown>][] = [
      [
        'unit name',
        () => t.db.updateTable('units').set({ name: '读模型单位' }).where('id', '=', unit.id).execute(),
      ],
      [
        'unit link',
        () =>
          t.db
            .updateTable('plan_node_units')
            .set({ position: 9 })
            .where('node_id', '=', nodeTitled(plan, '统计制度').id)
            .execute(),
      ],
      [
        'target',
        () => t.db.updateTable('targets').set({ value: 987 }).where('plan_id', '=', planId).execute(),
      ],
    ];
    const areaId = (
      await t.db.selectFrom('plans').select('area_id').where('id', '=', planId).executeTakeFirst()
    )?.area_id;
    if (areaId)
      changes.push([
        'area name',
        () => t.db.updateTable('areas').set({ name: '读模型地区' }).where('id', '=', areaId).execute(),
      ]);
    for (const [what, change] of changes) {
      await storeAllPlanDocuments(t.db);
      expect(await dirty(planId), what).toBe(0);
      await change();
      expect(await dirty(planId), what).toBeGreaterThan(0);
      expect((await get(`/plans/${planId}?_=${what}`)).body, what).toBe(await fresh(planId, true));
    }
  });
});
