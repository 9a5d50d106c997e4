import type { MessageKey, Translate } from '../i18n/index.js';

/** The kinds of unit the registry knows, in the order a form offers them. */
export const UNIT_KINDS = ['department', 'district', 'collective', 'other'] as const;

const KNOWN = new Set<string>(UNIT_KINDS);

/** A unit's kind in words; a kind this version does not know is shown as stored. */
export function unitKindText(t: Translate, kind: string): string {
  return KNOWN.has(kind) ? t(`unitKind.${kind}` as MessageKey) : kind || '—';
}
