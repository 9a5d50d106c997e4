import { Alert, Empty, Space } from 'antd';
import { useI18n } from '../../i18n/index.js';
import type { Draft } from './types.js';

/** What the importer noticed; a click shows the passage in the source. */
export function DiagnosticsTab({
  diagnostics,
  onHighlight,
}: {
  diagnostics: Draft['diagnostics'];
  onHighlight: (span: readonly number[]) => void;
}) {
  const { pick } = useI18n();
  if (diagnostics.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {diagnostics.map((d, i) => (
        <Alert
          key={i}
          type={d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'info'}
          title={pick(d.message)}
          onClick={() => d.span && onHighlight(d.span)}
          style={{ cursor: d.span ? 'pointer' : undefined }}
        />
      ))}
    </Space>
  );
}
