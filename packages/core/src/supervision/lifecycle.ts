/**
 * A supervision notice's life (督办单): issued → signed for → in progress → replied → verified → closed. The unit
 * signs for it, starts on it and replies; the secretariat verifies the reply (or returns it to the unit, back to
 * in progress) and closes the notice. Every step is recorded with who and when by the server; this module only
 * says which steps exist and which are allowed.
 */
export type NoticeState = 'issued' | 'signed' | 'in_progress' | 'replied' | 'verified' | 'closed';
export const NOTICE_STATES: readonly NoticeState[] = [
  'issued',
  'signed',
  'in_progress',
  'replied',
  'verified',
  'closed',
];

export type NoticeAction = 'sign' | 'start' | 'reply' | 'verify' | 'return' | 'close';
export const NOTICE_ACTIONS: readonly NoticeAction[] = [
  'sign',
  'start',
  'reply',
  'verify',
  'return',
  'close',
];

/** Who takes a step: the notice's own unit, or the secretariat (which checks the unit's work). */
export type NoticeParty = 'unit' | 'secretariat';

interface Step {
  from: NoticeState;
  to: NoticeState;
  by: NoticeParty;
  /** The step needs a text (the reply itself, or why the reply is returned). */
  needsText: boolean;
}

const STEPS: Record<NoticeAction, Step> = {
  sign: { from: 'issued', to: 'signed', by: 'unit', needsText: false },
  start: { from: 'signed', to: 'in_progress', by: 'unit', needsText: false },
  reply: { from: 'in_progress', to: 'replied', by: 'unit', needsText: true },
  verify: { from: 'replied', to: 'verified', by: 'secretariat', needsText: false },
  return: { from: 'replied', to: 'in_progress', by: 'secretariat', needsText: true },
  close: { from: 'verified', to: 'closed', by: 'secretariat', needsText: false },
};

/** A notice is open until it is closed: an open notice can still escalate, never go down a level. */
export function isOpenState(state: NoticeState): boolean {
  return state !== 'closed';
}

/**
 * The states in which the next step is the unit's (sign for, start, reply): only these escalate when their step
 * is overdue. Waiting for the secretariat is not the unit's lateness.
 */
export function isUnitStep(state: NoticeState): boolean {
  return state === 'issued' || state === 'signed' || state === 'in_progress';
}

/** Who must act next in a state, or null once the notice is closed. */
export function partyOf(state: NoticeState): NoticeParty | null {
  if (state === 'closed') return null;
  return isUnitStep(state) ? 'unit' : 'secretariat';
}

export type LifecycleErrorCode = 'NOTICE_STEP_INVALID' | 'NOTICE_STEP_NOT_YOURS' | 'NOTICE_TEXT_REQUIRED';

export type TransitionResult =
  | { ok: true; from: NoticeState; to: NoticeState }
  | { ok: false; code: LifecycleErrorCode; message: { zh: string; en: string } };

const STATE_NAMES: Record<NoticeState, { zh: string; en: string }> = {
  issued: { zh: '已下发', en: 'issued' },
  signed: { zh: '已签收', en: 'signed for' },
  in_progress: { zh: '办理中', en: 'in progress' },
  replied: { zh: '已回复', en: 'replied' },
  verified: { zh: '已核实', en: 'verified' },
  closed: { zh: '已办结', en: 'closed' },
};
const ACTION_NAMES: Record<NoticeAction, { zh: string; en: string }> = {
  sign: { zh: '签收', en: 'sign for' },
  start: { zh: '开始办理', en: 'start' },
  reply: { zh: '回复', en: 'reply to' },
  verify: { zh: '核实', en: 'verify' },
  return: { zh: '退回', en: 'return' },
  close: { zh: '办结', en: 'close' },
};

/** The state and action names in Chinese and English, for messages and documents. */
export function noticeStateName(state: NoticeState): { zh: string; en: string } {
  return STATE_NAMES[state];
}
export function noticeActionName(action: NoticeAction): { zh: string; en: string } {
  return ACTION_NAMES[action];
}

/**
 * Checks one step of a notice's life: whether `action` may be taken in `state` by `party`, and with the text it
 * needs. Returns the new state, or a coded error with its message in Chinese and English.
 */
export function transition(
  state: NoticeState,
  action: NoticeAction,
  party: NoticeParty,
  text?: string | null,
): TransitionResult {
  const step = STEPS[action];
  if (step.from !== state) {
    const s = STATE_NAMES[state];
    const a = ACTION_NAMES[action];
    return {
      ok: false,
      code: 'NOTICE_STEP_INVALID',
      message: {
        zh: `督办单当前为“${s.zh}”，不能${a.zh}。`,
        en: `The notice is ${s.en}; “${a.en}” is not a step open now.`,
      },
    };
  }
  if (step.by !== party) {
    return {
      ok: false,
      code: 'NOTICE_STEP_NOT_YOURS',
      message:
        step.by === 'unit'
          ? { zh: '此步骤由承办单位办理。', en: 'This step is for the responsible unit.' }
          : { zh: '此步骤由督查秘书处办理。', en: 'This step is for the secretariat.' },
    };
  }
  if (step.needsText && (text ?? '').trim() === '') {
    return {
      ok: false,
      code: 'NOTICE_TEXT_REQUIRED',
      message:
        action === 'reply'
          ? { zh: '请填写办理情况回复。', en: 'Write the reply.' }
          : { zh: '请说明退回理由。', en: 'Give the reason for returning the reply.' },
    };
  }
  return { ok: true, from: state, to: step.to };
}

/** The actions open in a state to a party (what a screen offers as buttons). */
export function actionsFor(state: NoticeState, party: NoticeParty): NoticeAction[] {
  return NOTICE_ACTIONS.filter((a) => STEPS[a].from === state && STEPS[a].by === party);
}
