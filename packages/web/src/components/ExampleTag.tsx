import { Tag, Tooltip } from 'antd';
import { useI18n } from '../i18n/index.js';

/** The "示例数据" label on anything the demo generated, so nobody takes it for a unit's real work. */
export function ExampleTag({ show = true }: { show?: boolean }) {
  const { t } = useI18n();
  if (!show) return null;
  return (
    <Tooltip title={t('example.hint')}>
      <Tag color="gold" data-testid="example-tag" style={{ marginInlineEnd: 4 }}>
        {t('example.tag')}
      </Tag>
    </Tooltip>
  );
}
