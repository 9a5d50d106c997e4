import type { Insertable } from 'kysely';
import type { PlanNodeTable, TargetTable } from '../db/schema.js';
import type { Db } from '../audit/audit.js';

/** An item's content as a confirmation writes it (everything but its id, plan, note and retirement). */
export type NodeContent = Omit<
  Insertable<PlanNodeTable>,
  'id' | 'plan_id' | 'note' | 'retired_at' | 'retired_in_version'
>;
export type TargetContent = Omit<
  Insertable<TargetTable>,
  'id' | 'plan_id' | 'retired_at' | 'retired_in_version'
>;

/**
 * Writes a confirmed version's items and targets. Continuing rows are updated in place and keep their ids (so
 * notes, links and whatever later attaches to them by id stay), dropped ones are retired, never deleted.
 */
export const planContentRepository = {
  async insertNode(db: Db, planId: number, content: NodeContent): Promise<number> {
    const row = await db
      .insertInto('plan_nodes')
      .values({ ...content, plan_id: planId, note: '', retired_at: null, retired_in_version: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  async updateNode(db: Db, id: number, content: NodeContent): Promise<void> {
    await db.updateTable('plan_nodes').set(content).where('id', '=', id).execute();
  },

  async retireNodes(db: Db, ids: readonly number[], at: string, version: number): Promise<void> {
    for (let i = 0; i < ids.length; i += 500)
      await db
        .updateTable('plan_nodes')
        .set({ retired_at: at, retired_in_version: version })
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
  },

  async insertTarget(db: Db, planId: number, content: TargetContent): Promise<number> {
    const row = await db
      .insertInto('targets')
      .values({ ...content, plan_id: planId, retired_at: null, retired_in_version: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  async updateTarget(db: Db, id: number, content: TargetContent): Promise<void> {
    await db.updateTable('targets').set(content).where('id', '=', id).execute();
  },

  async retireTargets(db: Db, ids: readonly number[], at: string, version: number): Promise<void> {
    for (let i = 0; i < ids.length; i += 500)
      await db
        .updateTable('targets')
        .set({ retired_at: at, retired_in_version: version })
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
  },
};
