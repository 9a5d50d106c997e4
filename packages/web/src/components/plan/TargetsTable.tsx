import { Table, Tag, Typography } from 'antd';
import { formatValue } from '@luoshi/core';
import type { ReactNode } from 'react';
import type { Target } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import type { ExportColumn } from '../../lib/export-xlsx.js';
import { formatComparator } from '../../lib/format.js';
import { ExportButton } from '../ExportButton.js';

type TargetLike = Pick<
  Target,
  | 'id'
  | 'indicator'
  | 'comparator'
  | 'value'
  | 'unit'
  | 'deadlineYear'
  | 'cumulative'
  | 'text'
  | 'spanStart'
  | 'spanEnd'
>;

/** The Excel columns of a targets table (the same on the plan page and in a version). */
export function useTargetExport(): ExportColumn<TargetLike>[] {
  const { t, language } = useI18n();
  return [
    { title: t('target.indicator'), value: (x) => x.indicator, width: 40 },
    { title: t('target.comparator'), value: (x) => formatComparator(t, x.comparator) },
    { title: t('target.value'), value: (x) => formatValue(x.value, x.unit, language) },
    { title: t('target.deadlineYear'), value: (x) => x.deadlineYear },
    { title: t('target.cumulative'), value: (x) => (x.cumulative ? t('common.yes') : '') },
    { title: t('target.text'), value: (x) => x.text, width: 50 },
  ];
}

/** A plan's targets with their export; clicking a target's words shows them in the source. */
export function TargetsTable<T extends TargetLike>({
  targets,
  onShow,
  fileName,
  testId = 'plan-targets',
  indicatorCell,
}: {
  targets: readonly T[];
  /** The indicator a target is linked to (and a way to link it), when the page knows it. */
  indicatorCell?: (target: T) => ReactNode;
  onShow?: (target: T) => void;
  fileName: string;
  testId?: string;
}) {
  const { t, language } = useI18n();
  const exportColumns = useTargetExport();
  return (
    <>
      <div style={{ textAlign: 'right', marginBottom: 8 }}>
        <ExportButton
          fileName={fileName}
          sheetName={t('plan.targets')}
          columns={exportColumns}
          rows={[...targets]}
        />
      </div>
      <Table<T>
        rowKey="id"
        size="small"
        dataSource={[...targets]}
        pagination={false}
        data-testid={testId}
        columns={[
          { title: t('target.indicator'), dataIndex: 'indicator' },
          ...(indicatorCell
            ? [{ title: t('targetLink.col'), key: 'linked', render: (_: unknown, x: T) => indicatorCell(x) }]
            : []),
          {
            title: t('target.comparator'),
            dataIndex: 'comparator',
            width: 120,
            render: (c: string) => formatComparator(t, c),
          },
          {
            title: t('target.value'),
            key: 'value',
            width: 140,
            align: 'right',
            render: (_, x) => (
              <>
                {formatValue(x.value, x.unit, language)}
                {x.cumulative ? <Tag style={{ marginLeft: 6 }}>{t('target.cumulative')}</Tag> : null}
              </>
            ),
          },
          {
            title: t('target.deadlineYear'),
            dataIndex: 'deadlineYear',
            width: 100,
            render: (y: number | null) => y ?? '—',
          },
          {
            title: t('target.text'),
            dataIndex: 'text',
            render: (text: string, x) =>
              onShow ? (
                <Typography.Link type="secondary" onClick={() => onShow(x)}>
                  {text}
                </Typography.Link>
              ) : (
                <Typography.Text type="secondary">{text}</Typography.Text>
              ),
          },
        ]}
      />
    </>
  );
}
