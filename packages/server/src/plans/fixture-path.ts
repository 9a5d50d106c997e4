import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Chengdu demo plan's text file. Looked up from this module's directory upwards, so it is found from
 * `src` (tests), from `dist` (the built server) and from an installed `@luoshi/core` alike.
 */
export function chengduPlanPath(): string {
  const name = 'chengdu-ecommerce-plan-2013-2015.txt';
  const candidates: string[] = [];
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    candidates.push(
      path.join(dir, 'packages', 'core', 'fixtures', name),
      path.join(dir, 'core', 'fixtures', name),
      path.join(dir, 'node_modules', '@luoshi', 'core', 'fixtures', name),
    );
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found)
    throw new Error(
      `The Chengdu demo plan (${name}) was not found; looked in:\n  ${candidates.join('\n  ')}`,
    );
  return found;
}
