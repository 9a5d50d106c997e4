import { Progress, Tooltip } from 'antd';
import { useI18n } from '../../i18n/index.js';
import { LIGHT_COLOR, percentText, wordOf, type DeliveryLightName } from '../../lib/delivery.js';

/** A task's light with its word, and its progress bar when there is progress to show. */
export function DeliveryLight({
  light,
  progress,
  planned,
  compact = false,
}: {
  light: DeliveryLightName;
  /** The dot and the percentage only, for a narrow cell. */
  compact?: boolean;
  progress?: number | null;
  planned?: number | null;
}) {
  const { t } = useI18n();
  const word = wordOf(t, 'light', light);
  const title =
    planned !== null && planned !== undefined
      ? t('light.detail', { progress: percentText(progress), planned: percentText(planned) })
      : word;
  return (
    <Tooltip title={title}>
      <span
        data-testid="delivery-light"
        data-light={light}
        style={{ display: 'inline-flex', alignItems: 'center', gap: 6, minWidth: 100, whiteSpace: 'nowrap' }}
      >
        <span
          aria-hidden
          style={{
            display: 'inline-block',
            width: 10,
            height: 10,
            borderRadius: '50%',
            background: LIGHT_COLOR[light],
            flex: 'none',
          }}
        />
        {compact && progress !== null && progress !== undefined ? (
          <span>{percentText(progress)}</span>
        ) : progress === null || progress === undefined ? (
          <span style={{ color: '#8c8c8c' }}>{word}</span>
        ) : (
          <Progress
            percent={Math.round(progress)}
            size="small"
            strokeColor={LIGHT_COLOR[light]}
            style={{ margin: 0, width: 80 }}
            aria-label={word}
          />
        )}
      </span>
    </Tooltip>
  );
}
