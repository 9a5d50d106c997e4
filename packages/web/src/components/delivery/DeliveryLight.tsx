import { Progress, Tooltip } from 'antd';
import { useI18n } from '../../i18n/index.js';
import { LIGHT_COLOR, percentText, wordOf, type DeliveryLightName } from '../../lib/delivery.js';

/** A task's light with its word, and its progress bar when there is progress to show. */
export function DeliveryLight({
  light,
  progress,
  planned,
}: {
  light: DeliveryLightName;
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
        style={{ display: 'inline-flex', alignItems: 'center', gap: 6, minWidth: 110 }}
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
        {progress === null || progress === undefined ? (
          <span style={{ color: '#8c8c8c' }}>{word}</span>
        ) : (
          <Progress
            percent={Math.round(progress)}
            size="small"
            strokeColor={LIGHT_COLOR[light]}
            style={{ margin: 0, width: 90 }}
            aria-label={word}
          />
        )}
      </span>
    </Tooltip>
  );
}
