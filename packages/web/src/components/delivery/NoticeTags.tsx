import { Tag } from 'antd';
import { useI18n } from '../../i18n/index.js';
import { LEVEL_COLOR, wordOf, type NoticeLevel } from '../../lib/delivery.js';

/** A notice's level as a coloured tag: 红色督办 / 黄色督办 / 蓝色督办. */
export function LevelTag({ level }: { level: NoticeLevel }) {
  const { t } = useI18n();
  return (
    <Tag color={LEVEL_COLOR[level]} data-testid="notice-level" data-level={level}>
      {wordOf(t, 'level', level)}
    </Tag>
  );
}

/** A notice's state; the open ones stand out, the closed are grey. */
export function NoticeStateTag({ state }: { state: string }) {
  const { t } = useI18n();
  const color =
    state === 'closed'
      ? undefined
      : state === 'issued'
        ? 'volcano'
        : state === 'verified'
          ? 'green'
          : 'processing';
  return (
    <Tag color={color} data-testid="notice-state" data-state={state}>
      {wordOf(t, 'noticeState', state)}
    </Tag>
  );
}
