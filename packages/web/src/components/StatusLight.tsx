import { Space, Typography } from 'antd';
import { useI18n } from '../i18n/index.js';
import { STATUS_COLOR, STATUSES, statusText, type TargetStatusName } from '../lib/indicators.js';

/** A round light in the status's colour, with its name beside it unless `dotOnly`. */
export function StatusLight({ status, dotOnly = false }: { status: TargetStatusName; dotOnly?: boolean }) {
  const { t } = useI18n();
  const dot = (
    <span
      aria-hidden
      style={{
        display: 'inline-block',
        width: 12,
        height: 12,
        borderRadius: '50%',
        background: STATUS_COLOR[status],
        boxShadow: '0 0 0 2px rgba(0,0,0,0.06)',
        flex: 'none',
      }}
    />
  );
  if (dotOnly) return dot;
  return (
    <span
      data-testid="status-light"
      data-status={status}
      style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}
    >
      {dot}
      <span>{statusText(t, status)}</span>
    </span>
  );
}

/** What each light means, in the order of the counts. */
export function StatusLegend() {
  const { t } = useI18n();
  return (
    <Space wrap size={[16, 4]} data-testid="status-legend" aria-label={t('status.legend')}>
      <Typography.Text type="secondary">{t('status.legend')}:</Typography.Text>
      {STATUSES.map((status) => (
        <StatusLight key={status} status={status} />
      ))}
    </Space>
  );
}
