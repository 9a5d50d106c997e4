import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NOTICE_ACTIONS, NOTICE_STATES, actionsFor, transition, type NoticeState } from './lifecycle.js';

describe('notice lifecycle', () => {
  it('runs issued → signed → in progress → replied → verified → closed', () => {
    let state: NoticeState = 'issued';
    for (const [action, party, text] of [
      ['sign', 'unit', null],
      ['start', 'unit', null],
      ['reply', 'unit', '已完成整改'],
      ['verify', 'secretariat', null],
      ['close', 'secretariat', null],
    ] as const) {
      const r = transition(state, action, party, text);
      if (!r.ok) throw new Error(r.message.en);
      state = r.to;
    }
    expect(state).toBe('closed');
  });

  it('returns a reply from verification back to in progress, with a reason', () => {
    expect(transition('replied', 'return', 'secretariat', '证明材料不全')).toEqual({
      ok: true,
      from: 'replied',
      to: 'in_progress',
    });
    const noReason = transition('replied', 'return', 'secretariat', '  ');
    expect(noReason.ok).toBe(false);
    if (!noReason.ok) expect(noReason.code).toBe('NOTICE_TEXT_REQUIRED');
  });

  it('refuses a step out of order with a message in Chinese and English', () => {
    const r = transition('issued', 'reply', 'unit', '回复');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('NOTICE_STEP_INVALID');
      expect(r.message.zh).toContain('已下发');
      expect(r.message.en).toContain('issued');
    }
  });

  it('keeps the secretariat’s steps from the unit and the unit’s from the secretariat', () => {
    const a = transition('replied', 'verify', 'unit');
    const b = transition('issued', 'sign', 'secretariat');
    expect(!a.ok && a.code).toBe('NOTICE_STEP_NOT_YOURS');
    expect(!b.ok && b.code).toBe('NOTICE_STEP_NOT_YOURS');
  });

  it('never leaves a closed notice, and offers exactly the steps transition accepts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NOTICE_STATES),
        fc.constantFrom(...NOTICE_ACTIONS),
        fc.constantFrom('unit' as const, 'secretariat' as const),
        (state, action, party) => {
          const r = transition(state, action, party, 'text');
          expect(r.ok).toBe(actionsFor(state, party).includes(action));
          if (state === 'closed') expect(r.ok).toBe(false);
        },
      ),
    );
  });
});
