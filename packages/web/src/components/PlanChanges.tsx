import { Empty, Space, Table, Tag, Typography } from 'antd';
import type { PlanChanges as Changes } from '../api/client.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { formatValue } from '@luoshi/core';
import { formatComparator } from '../lib/format.js';

type Kind = 'added' | 'removed' | 'changed';
type TargetKey = NonNullable<Changes['targetChanges'][number]['before']>;

interface ItemRow {
  key: string;
  kind: Kind;
  label: string;
  title: string;
  fields: string[];
  before: { label: string; title: string } | null;
}

interface TargetRow {
  key: string;
  kind: Kind;
  target: TargetKey;
  before: TargetKey | null;
  fields: string[];
}

const KIND_COLOR: Record<Kind, string> = { added: 'green', removed: 'red', changed: 'orange' };
const KIND_TEXT: Record<Kind, MessageKey> = {
  added: 'review.changeAdded',
  removed: 'review.changeRemoved',
  changed: 'review.changeChanged',
};
const SIGN: Record<Kind, string> = { added: '+', removed: '−', changed: '~' };

function KindTag({ kind }: { kind: Kind }) {
  const { t } = useI18n();
  return (
    <Tag color={KIND_COLOR[kind]} data-testid={`change-${kind}`}>
      {SIGN[kind]} {t(KIND_TEXT[kind])}
    </Tag>
  );
}

/**
 * What a revision changes: a re-import against the plan's current version, or one version against another. Items
 * added, removed and changed (with the fields that changed); targets added, removed and changed (a target paired
 * by its indicator whose value or deadline moved), as the server paired them.
 */
export function PlanChanges(props: { changes: Changes }) {
  const { t, maybe, language } = useI18n();
  const { changes } = props;
  const items: ItemRow[] = [
    ...changes.added.map((n) => ({
      key: 'a' + n.path,
      kind: 'added' as const,
      ...n,
      fields: [],
      before: null,
    })),
    ...changes.removed.map((n) => ({
      key: 'r' + n.path,
      kind: 'removed' as const,
      ...n,
      fields: [],
      before: null,
    })),
    ...changes.changed.map((c) => ({
      key: 'c' + c.after.path,
      kind: 'changed' as const,
      label: c.after.label,
      title: c.after.title,
      fields: c.fields,
      before: c.before.label !== c.after.label || c.before.title !== c.after.title ? c.before : null,
    })),
  ];
  const targets: TargetRow[] = changes.targetChanges.map((c, i) => ({
    key: `${c.kind}${i}`,
    kind: c.kind,
    target: (c.after ?? c.before)!,
    before: c.kind === 'changed' ? c.before : null,
    fields: c.fields,
  }));
  const fieldText = (field: string) => maybe(`changeField.${field}`) ?? field;
  const nothing = items.length === 0 && targets.length === 0;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="plan-changes">
      <Typography.Text strong data-testid="change-summary">
        {nothing
          ? t('review.noChanges')
          : t('review.changeSummary', {
              added: changes.added.length,
              removed: changes.removed.length,
              changed: changes.changed.length,
              targetsAdded: changes.targetsAdded,
              targetsRemoved: changes.targetsRemoved,
              targetsChanged: changes.targetsChanged,
            })}
      </Typography.Text>
      {nothing ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={false} /> : null}
      {items.length > 0 ? (
        <Table<ItemRow>
          size="small"
          title={() => <Typography.Text strong>{t('review.changeItems')}</Typography.Text>}
          dataSource={items}
          pagination={false}
          data-testid="change-items"
          rowClassName={(row) => `change-row-${row.kind}`}
          columns={[
            {
              title: t('review.col.change'),
              key: 'kind',
              width: 90,
              render: (_, row) => <KindTag kind={row.kind} />,
            },
            {
              title: t('review.col.item'),
              key: 'item',
              render: (_, row) => (
                <Typography.Text delete={row.kind === 'removed'}>
                  <Typography.Text strong>{row.label}</Typography.Text> {row.title}
                </Typography.Text>
              ),
            },
            {
              title: t('review.col.fields'),
              key: 'fields',
              width: 220,
              render: (_, row) => (
                <>
                  {row.fields.map((f) => (
                    <Tag key={f}>{fieldText(f)}</Tag>
                  ))}
                  {row.before ? (
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('review.col.before')}：{row.before.label} {row.before.title}
                      </Typography.Text>
                    </div>
                  ) : null}
                </>
              ),
            },
          ]}
        />
      ) : null}
      {targets.length > 0 ? (
        <Table<TargetRow>
          size="small"
          title={() => <Typography.Text strong>{t('review.changeTargets')}</Typography.Text>}
          dataSource={targets}
          pagination={false}
          data-testid="change-targets"
          columns={[
            {
              title: t('review.col.change'),
              key: 'kind',
              width: 90,
              render: (_, row) => <KindTag kind={row.kind} />,
            },
            {
              title: t('target.indicator'),
              key: 'indicator',
              render: (_, row) => (
                <Typography.Text delete={row.kind === 'removed'}>{row.target.indicator}</Typography.Text>
              ),
            },
            {
              title: t('target.comparator'),
              key: 'comparator',
              width: 110,
              render: (_, row) => formatComparator(t, row.target.comparator),
            },
            {
              title: t('target.value'),
              key: 'value',
              align: 'right',
              width: 160,
              render: (_, row) => (
                <>
                  {formatValue(row.target.value, row.target.unit, language)}
                  {row.before && row.fields.some((f) => f === 'value' || f === 'unit') ? (
                    <div>
                      <Typography.Text type="secondary" delete style={{ fontSize: 12 }}>
                        {formatValue(row.before.value, row.before.unit, language)}
                      </Typography.Text>
                    </div>
                  ) : null}
                </>
              ),
            },
            {
              title: t('target.deadlineYear'),
              key: 'deadlineYear',
              width: 90,
              render: (_, row) => row.target.deadlineYear ?? '—',
            },
            {
              title: t('review.col.fields'),
              key: 'fields',
              width: 160,
              render: (_, row) => row.fields.map((f) => <Tag key={f}>{maybe(`targetField.${f}`) ?? f}</Tag>),
            },
          ]}
        />
      ) : null}
    </Space>
  );
}
