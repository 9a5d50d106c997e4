import { Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import type { ExportColumn } from '../../lib/export-xlsx.js';
import { ExportButton } from '../ExportButton.js';
import { UnitTags } from '../UnitTags.js';
import { DeadlineTag } from '../DeadlineTag.js';
import { deadlineWords, type Deadline } from '../../lib/deadlines.js';

/** An item of a plan as the tree shows it: the current plan's (with its note) or a stored version's. */
export interface TaskNode {
  id: number;
  label: string;
  title: string;
  kind: string;
  spanStart: number;
  spanEnd: number;
  leadUnits: { id: number; name: string }[];
  supportUnits: { id: number; name: string }[];
  /** Absent in versions confirmed before deadlines were kept. */
  deadline?: Deadline | null;
  note?: string;
  children: TaskNode[];
}

interface Row extends Omit<TaskNode, 'children'> {
  children?: Row[];
}

const toRows = (nodes: readonly TaskNode[]): Row[] =>
  nodes.map(({ children, ...node }) =>
    children.length > 0 ? { ...node, children: toRows(children) } : node,
  );

export function flattenTasks<N extends { children: N[] }>(
  nodes: readonly N[],
  depth = 0,
  out: { node: N; depth: number }[] = [],
): { node: N; depth: number }[] {
  for (const node of nodes) {
    out.push({ node, depth });
    flattenTasks(node.children, depth + 1, out);
  }
  return out;
}

/**
 * A plan's item tree with its Excel export: labels, titles (a click shows the item in the source), kinds, lead and
 * supporting units, and, where given, notes and an actions column.
 */
export function TaskTree({
  nodes,
  fileName,
  linkedUnits,
  showNotes,
  onShow,
  actions,
  progress,
  testId = 'plan-tasks',
}: {
  nodes: readonly TaskNode[];
  fileName: string;
  linkedUnits: boolean;
  showNotes: boolean;
  onShow?: (node: Row) => void;
  actions?: (node: Row) => ReactNode;
  /** The progress column (the roll-up and light of each item, issue 9); none in the public view and versions. */
  progress?: (node: Row) => ReactNode;
  testId?: string;
}) {
  const { t } = useI18n();
  const kindText = (kind: string) => t(`kind.${kind}` as MessageKey);
  const flat = flattenTasks(nodes);
  const taskExport: ExportColumn<{ node: TaskNode; depth: number }>[] = [
    { title: t('plan.col.label'), value: ({ node, depth }) => '  '.repeat(depth) + node.label },
    { title: t('plan.col.title'), value: ({ node }) => node.title, width: 60 },
    { title: t('plan.col.kind'), value: ({ node }) => kindText(node.kind) },
    {
      title: t('plan.col.leadUnits'),
      value: ({ node }) => node.leadUnits.map((u) => u.name).join('、'),
      width: 30,
    },
    {
      title: t('plan.col.supportUnits'),
      value: ({ node }) => node.supportUnits.map((u) => u.name).join('、'),
      width: 30,
    },
    { title: t('deadline.label'), value: ({ node }) => deadlineWords(node.deadline, t), width: 16 },
    ...(showNotes
      ? [{ title: t('plan.col.note'), value: ({ node }: { node: TaskNode }) => node.note ?? '', width: 40 }]
      : []),
  ];
  return (
    <>
      <div style={{ textAlign: 'right', marginBottom: 8 }}>
        <ExportButton fileName={fileName} sheetName={t('plan.tasks')} columns={taskExport} rows={flat} />
      </div>
      <Table<Row>
        rowKey="id"
        size="small"
        dataSource={toRows(nodes)}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        // The other columns have fixed widths: without a floor the title took what was left, a character a line on
        // a 1280 px screen. Narrower than this, the table scrolls sideways.
        scroll={{ x: 620 + (showNotes ? 110 : 0) + (actions ? 70 : 0) + 180 }}
        data-testid={testId}
        columns={[
          {
            title: t('plan.col.label'),
            dataIndex: 'label',
            width: 130,
            // Tree indentation grows with depth; a label such as "(10)" must not break.
            render: (label: string) => (
              <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
                {label}
              </Typography.Text>
            ),
          },
          {
            title: t('plan.col.title'),
            dataIndex: 'title',
            render: (title: string, node) =>
              onShow ? (
                <Typography.Link onClick={() => onShow(node)} style={{ color: 'inherit' }}>
                  {title}
                </Typography.Link>
              ) : (
                title
              ),
          },
          {
            title: t('plan.col.kind'),
            dataIndex: 'kind',
            width: 70,
            render: (kind: string) => <Tag>{kindText(kind)}</Tag>,
          },
          {
            title: t('plan.col.leadUnits'),
            key: 'lead',
            width: 170,
            render: (_, node) => <UnitTags units={node.leadUnits} color="red" linked={linkedUnits} />,
          },
          {
            title: t('plan.col.supportUnits'),
            key: 'support',
            width: 120,
            render: (_, node) => <UnitTags units={node.supportUnits} linked={linkedUnits} />,
          },
          {
            // With progress (issue 9) the item's light sits under its deadline: a column of its own would squeeze
            // the titles.
            title: progress ? `${t('deadline.label')} / ${t('task.col.progress')}` : t('deadline.label'),
            key: 'deadline',
            width: 130,
            render: (_, node) => (
              <>
                <DeadlineTag deadline={node.deadline} />
                {progress ? <div>{progress(node)}</div> : null}
              </>
            ),
          },
          {
            title: t('plan.col.note'),
            dataIndex: 'note',
            width: 110,
            hidden: !showNotes,
            render: (note: string | undefined) => <Typography.Text type="secondary">{note}</Typography.Text>,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 70,
            hidden: !actions,
            render: (_, node) => actions?.(node) ?? null,
          },
        ]}
      />
    </>
  );
}
