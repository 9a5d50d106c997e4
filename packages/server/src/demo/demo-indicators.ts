import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Kysely } from 'kysely';
import type { IndicatorDefinition } from '@luoshi/core';
import type { Database } from '../db/schema.js';
import type { Actor } from '../audit/audit.js';
import { createIndicator, linkTarget } from '../indicators/indicators.service.js';
import { importFigures } from '../indicators/figures-import.service.js';
import { indicatorsRepository } from '../indicators/indicators.repository.js';
import { unitsRepository } from '../units/units-repository.js';
import { UnitNameIndex } from '../units/unit-names.js';
import { requireHomeArea } from '../areas/areas-service.js';

/** Who entered the demo's figures: the published sources are kept on every figure; the demo only typed them in. */
export const DEMO_ACTOR: Actor = { userId: null, label: 'demo' };

/** The unit that owns the demo's indicators: 市商务局, the plan's owner (its officer may then enter figures). */
const DEMO_OWNER = '市商务局';

const coreData = (name: string) => createRequire(import.meta.url).resolve(`@luoshi/core/data/${name}`);

interface IndicatorSeed {
  indicators: (Omit<IndicatorDefinition, 'id'> & { code: string })[];
  targetLinks: { target: string; indicator: string }[];
}

export interface DemoIndicatorsResult {
  indicators: number;
  linkedTargets: number;
  figures: number;
}

/**
 * The plan's indicators from `@luoshi/core/data/indicators-chengdu-ecommerce.json`, its seven targets linked to
 * them, and the real published figures imported from the CSV copy (each with its source URL and quote). Nothing
 * is invented: a target whose indicator has no published figure after the baseline shows "no data". Does nothing
 * when indicators exist already.
 */
export async function seedDemoIndicators(
  db: Kysely<Database>,
  planId: number,
): Promise<DemoIndicatorsResult> {
  const existing = await indicatorsRepository.page(db, { limit: 1 });
  if (existing.length > 0) return { indicators: 0, linkedTargets: 0, figures: 0 };
  const seed = JSON.parse(
    fs.readFileSync(coreData('indicators-chengdu-ecommerce.json'), 'utf8'),
  ) as IndicatorSeed;
  // The demo plan is the home jurisdiction's (成都市): its owner is that city's 市商务局.
  const home = await requireHomeArea(db);
  const owner =
    new UnitNameIndex(await unitsRepository.registry(db, [home.id])).resolve(DEMO_OWNER)?.unitId ?? null;

  // Formulas name other indicators, so those come first.
  const ordered = [...seed.indicators.filter((x) => !x.formula), ...seed.indicators.filter((x) => x.formula)];
  const idByCode = new Map<string, number>();
  for (const x of ordered) {
    const created = await createIndicator(db, DEMO_ACTOR, {
      code: x.code,
      name: x.name,
      aliases: [...x.aliases],
      unit: x.unit,
      direction: x.direction,
      kind: x.kind,
      frequency: x.frequency,
      decimals: x.decimals,
      ownerUnitId: owner,
      formula: x.formula,
      baseline: null,
    });
    idByCode.set(x.code, created.id);
  }

  let linkedTargets = 0;
  for (const t of await indicatorsRepository.planTargets(db, planId)) {
    const link = seed.targetLinks.find((l) => l.target === t.indicator);
    const indicatorId = link ? idByCode.get(link.indicator) : undefined;
    if (indicatorId === undefined) continue;
    await linkTarget(db, DEMO_ACTOR, t.id, indicatorId);
    linkedTargets++;
  }

  const file = coreData('chengdu-ecommerce-published-figures.csv');
  const { imported } = await importFigures(
    db,
    DEMO_ACTOR,
    { role: 'admin', unitId: null },
    { format: 'csv', fileName: 'chengdu-ecommerce-published-figures.csv', stream: fs.createReadStream(file) },
  );
  return { indicators: ordered.length, linkedTargets, figures: imported };
}
