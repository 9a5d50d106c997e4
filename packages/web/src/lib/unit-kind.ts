import type { MessageKey, Translate } from '../i18n/index.js';

const KNOWN = new Set(['department', 'district', 'collective', 'other']);

/** A unit's kind in words; a kind this version does not know is shown as stored. */
export function unitKindText(t: Translate, kind: string): string {
  return KNOWN.has(kind) ? t(`unitKind.${kind}` as MessageKey) : kind || '—';
}
