import { Typography } from 'antd';
import type { Figure } from '../lib/indicators.js';

/** Where a figure comes from: its link, its document and the sentence it was read from. */
export function FigureSource({ figure }: { figure: Pick<Figure, 'sourceUrl' | 'sourceDocument' | 'quote'> }) {
  if (!figure.sourceUrl && !figure.sourceDocument && !figure.quote) return <>—</>;
  return (
    <div style={{ maxWidth: 480, wordBreak: 'break-word' }}>
      {figure.sourceUrl ? (
        <div>
          <Typography.Link href={figure.sourceUrl} target="_blank" rel="noreferrer noopener">
            {figure.sourceUrl}
          </Typography.Link>
        </div>
      ) : null}
      {figure.sourceDocument ? <div>{figure.sourceDocument}</div> : null}
      {figure.quote ? (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }} ellipsis={{ rows: 3, expandable: true }}>
          “{figure.quote}”
        </Typography.Paragraph>
      ) : null}
    </div>
  );
}
