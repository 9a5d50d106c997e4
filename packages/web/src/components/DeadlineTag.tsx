import { Tag } from 'antd';
import { useI18n } from '../i18n/index.js';
import { deadlineWords, type Deadline } from '../lib/deadlines.js';

/** An item's deadline as a tag in words (2020年底前), or nothing when it states none. */
export function DeadlineTag({ deadline }: { deadline: Deadline | null | undefined }) {
  const { t } = useI18n();
  if (!deadline) return null;
  return (
    <Tag color="blue" title={deadline.text} data-testid="deadline-tag">
      {deadlineWords(deadline, t)}
    </Tag>
  );
}
