import type { Migration } from 'kysely';
import * as m2026112801 from './2026112801_initial.js';
import * as m2026112802 from './2026112802_audit_append_only.js';
import * as m2026113001 from './2026113001_unique_links_and_unit_names.js';
import * as m2026113002 from './2026113002_audit_hash_chain.js';
import * as m2026113003 from './2026113003_accounts.js';
import * as m2026113004 from './2026113004_read_path.js';
import * as m2026113010 from './2026113010_indicators.js';
import * as m2026113020 from './2026113020_areas_and_jurisdictions.js';
import * as m2026113021 from './2026113021_plan_versions.js';
import * as m2026120101 from './2026120101_task_deadlines.js';
import * as m2026120110 from './2026120110_delivery.js';
import * as m2026120120 from './2026120120_supervision.js';
import * as m2026120201 from './2026120201_supervision_contact.js';
import * as m2026120301 from './2026120301_plan_read_model.js';
import * as m2026120401 from './2026120401_plan_read_compressed.js';

/**
 * Every migration, listed explicitly rather than found by scanning a folder, so the same list works from `src`
 * (tests), from `dist` and from a bundle. Add new migrations here; names sort in the order they apply.
 */
export const migrations: Record<string, Migration> = {
  '2026112801_initial': m2026112801,
  '2026112802_audit_append_only': m2026112802,
  '2026113001_unique_links_and_unit_names': m2026113001,
  '2026113002_audit_hash_chain': m2026113002,
  '2026113003_accounts': m2026113003,
  '2026113004_read_path': m2026113004,
  '2026113010_indicators': m2026113010,
  '2026113020_areas_and_jurisdictions': m2026113020,
  '2026113021_plan_versions': m2026113021,
  '2026120101_task_deadlines': m2026120101,
  '2026120110_delivery': m2026120110,
  '2026120120_supervision': m2026120120,
  '2026120201_supervision_contact': m2026120201,
  '2026120301_plan_read_model': m2026120301,
  '2026120401_plan_read_compressed': m2026120401,
};
