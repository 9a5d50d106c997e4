/** Before and after of an audited update, as stored: only what changed. */
export interface Change {
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

const same = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

/**
 * The fields of an entity that an update changed, before and after, beside the fields that identify it (`identity`,
 * e.g. the plan an item belongs to; the entity's own id is the audit row's). An audit row then holds the change,
 * not two copies of the whole entity: a note edit stores the old and the new note, not the item's text twice.
 */
export function changeOf<T extends object>(
  before: T,
  after: T,
  identity: Record<string, unknown> = {},
): Change {
  const was: Record<string, unknown> = { ...identity };
  const now: Record<string, unknown> = { ...identity };
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (key in identity || same(b[key], a[key])) continue;
    was[key] = b[key] ?? null;
    now[key] = a[key] ?? null;
  }
  return { before: was, after: now };
}
