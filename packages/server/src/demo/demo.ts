import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { countUsers, createUser } from '../users/service.js';
import { CHENGDU_UNITS } from '../units/chengdu-units.js';
import { seedUnits } from '../units/units-service.js';
import { UnitNameIndex } from '../units/unit-names.js';
import { unitsRepository } from '../units/units-repository.js';
import { requireHomeArea } from '../areas/areas-service.js';
import { confirmImport, createImport } from '../imports/imports-service.js';
import { chengduPlanPath } from '../plans/fixture-path.js';
import { seedDemoIndicators } from './demo-indicators.js';
import { seedDemoDelivery } from './demo-delivery.js';

/** The demo password, documented in the README; demo mode only. */
export const DEMO_PASSWORD = 'luoshi-demo';

/** One account per role, as the API contract lists them. */
export const DEMO_ACCOUNTS: readonly {
  username: string;
  displayName: string;
  role: Role;
  unit: string | null;
}[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', unit: null },
  { username: 'secretariat', displayName: '领导小组办公室', role: 'secretariat', unit: '市商务局' },
  { username: 'leader', displayName: '市领导', role: 'leader', unit: null },
  { username: 'officer', displayName: '市商务局联络员', role: 'unit_officer', unit: '市商务局' },
  { username: 'stats', displayName: '市统计局统计员', role: 'statistics_officer', unit: '市统计局' },
  { username: 'enterprise', displayName: '示范企业填报员', role: 'enterprise_reporter', unit: null },
];

export interface DemoResult {
  seeded: boolean;
  unitsCreated: number;
  planId: number | null;
  accounts: string[];
}

/**
 * Seeds the demo on first start: the Chengdu departments, the Chengdu e-commerce plan imported and confirmed,
 * its indicators with the real published figures, and one account per role. Runs only on a database without users, so a second start (or a database someone
 * already works in) is left alone. Accounts are created last: if seeding is interrupted, the next start
 * still finds no users and finishes the job, each earlier step being safe to repeat.
 */
export async function seedDemo(
  db: Kysely<Database>,
  planFile: string = chengduPlanPath(),
): Promise<DemoResult> {
  if ((await countUsers(db)) > 0) return { seeded: false, unitsCreated: 0, planId: null, accounts: [] };
  const unitsCreated = await seedUnits(db, SYSTEM_ACTOR, CHENGDU_UNITS);

  let planId: number | null = null;
  const existing = await db.selectFrom('plans').select('id').orderBy('id').executeTakeFirst();
  if (existing) {
    planId = existing.id;
  } else {
    const text = fs.readFileSync(planFile, 'utf8');
    const draft = await createImport(db, SYSTEM_ACTOR, {
      text,
      fileName: path.basename(planFile),
      format: 'txt',
      encoding: 'utf-8',
    });
    planId = (await confirmImport(db, SYSTEM_ACTOR, draft.id)).planId;
  }
  // The plan's indicators, its targets linked to them and the real published figures (issue 8).
  await seedDemoIndicators(db, planId);
  // Example work plans and reports 2013–2015 (issue 9), marked as example data.
  await seedDemoDelivery(db, planId);

  const home = await requireHomeArea(db);
  const index = new UnitNameIndex(await unitsRepository.registry(db, [home.id]));
  const accounts: string[] = [];
  for (const a of DEMO_ACCOUNTS) {
    const unitId = a.unit === null ? null : (index.resolve(a.unit)?.unitId ?? null);
    await createUser(db, SYSTEM_ACTOR, {
      username: a.username,
      displayName: a.displayName,
      role: a.role,
      unitId,
      password: DEMO_PASSWORD,
    });
    accounts.push(a.username);
  }
  return { seeded: true, unitsCreated, planId, accounts };
}

/** The lines printed once when the demo was seeded. */
export function demoBanner(result: DemoResult): string {
  return (
    `\n  演示模式：已导入成都电子商务实施方案，并为每个角色创建演示账号 / Demo mode: imported the Chengdu plan and\n` +
    `  created one demo account per role: ${result.accounts.join(', ')} (password / 密码: ${DEMO_PASSWORD}).\n` +
    `  仅供演示；正式使用请设置 LUOSHI_DEMO=0。 / Demo only; set LUOSHI_DEMO=0 for real use.\n\n`
  );
}
