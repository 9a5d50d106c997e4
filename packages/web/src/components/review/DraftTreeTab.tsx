import { Alert, Button, Card, Form, Input, Select, Tag, Tree, Typography } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useI18n } from '../../i18n/index.js';
import type { DraftNode } from './types.js';
import { DeadlineFields } from '../DeadlineFields.js';
import { DeadlineTag } from '../DeadlineTag.js';
import { toDeadlineForm, type DeadlineForm } from '../../lib/deadlines.js';

export interface NodeForm {
  title: string;
  leadUnits: string[];
  supportUnits: string[];
  deadline: DeadlineForm;
}

function treeData(
  nodes: DraftNode[],
  prefix = '',
): { key: string; title: ReactNode; children: ReturnType<typeof treeData> }[] {
  return nodes.map((node, i) => {
    const path = prefix ? `${prefix}.${i}` : String(i);
    return {
      key: path,
      title: (
        <span data-testid="draft-node" data-has-lead={node.leadUnits.length > 0 ? 'true' : 'false'}>
          <Typography.Text strong>{node.label}</Typography.Text> {node.title}
          {node.leadUnits.map((name) => (
            <Tag key={name} color="red" style={{ marginLeft: 6 }} data-testid="draft-lead-unit">
              {name}
            </Tag>
          ))}
          {node.supportUnits.map((name) => (
            <Tag key={name} style={{ marginLeft: 4 }}>
              {name}
            </Tag>
          ))}
          <span style={{ marginLeft: 6 }}>
            <DeadlineTag deadline={node.deadline} />
          </span>
        </span>
      ),
      children: treeData(node.children, path),
    };
  });
}

/** The draft's item tree; selecting an item shows it in the source and opens its editor. */
export function DraftTreeTab(props: {
  nodes: DraftNode[];
  nodesByPath: Map<string, DraftNode>;
  selected: string | null;
  onSelect: (path: string) => void;
  unitOptions: { value: string; label: string }[];
  busy: boolean;
  disabled: boolean;
  updatedAt: string;
  onSave: (values: NodeForm) => void;
}) {
  const { t } = useI18n();
  const tree = useMemo(() => treeData(props.nodes), [props.nodes]);
  const node = props.selected ? props.nodesByPath.get(props.selected) : undefined;
  return (
    <>
      <div style={{ maxHeight: '48vh', overflow: 'auto', marginBottom: 12 }} data-testid="draft-tree">
        <Tree
          treeData={tree}
          defaultExpandAll
          blockNode
          selectedKeys={props.selected ? [props.selected] : []}
          onSelect={(keys) => keys[0] !== undefined && props.onSelect(String(keys[0]))}
        />
      </div>
      {node && props.selected ? (
        <NodeEditor
          key={`${props.selected}:${props.updatedAt}`}
          node={node}
          unitOptions={props.unitOptions}
          busy={props.busy}
          disabled={props.disabled}
          onSave={props.onSave}
        />
      ) : (
        <Alert type="info" title={t('review.selectHint')} />
      )}
    </>
  );
}

function NodeEditor(props: {
  node: DraftNode;
  unitOptions: { value: string; label: string }[];
  busy: boolean;
  disabled: boolean;
  onSave: (values: NodeForm) => void;
}) {
  const { t } = useI18n();
  const { node } = props;
  return (
    <Card size="small" title={`${t('review.node')} ${node.label}`} data-testid="node-editor">
      <Form<NodeForm>
        layout="vertical"
        disabled={props.disabled}
        initialValues={{
          title: node.title,
          leadUnits: node.leadUnits,
          supportUnits: node.supportUnits,
          deadline: toDeadlineForm(node.deadline),
        }}
        onFinish={props.onSave}
      >
        <Form.Item name="title" label={t('review.nodeTitle')} rules={[{ required: true }]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
        <Form.Item name="leadUnits" label={t('review.leadUnits')}>
          <Select
            mode="tags"
            options={props.unitOptions}
            placeholder={t('review.unitPlaceholder')}
            tokenSeparators={['、', ',', '，']}
            data-testid="edit-lead-units"
          />
        </Form.Item>
        <Form.Item name="supportUnits" label={t('review.supportUnits')}>
          <Select
            mode="tags"
            options={props.unitOptions}
            placeholder={t('review.unitPlaceholder')}
            tokenSeparators={['、', ',', '，']}
            data-testid="edit-support-units"
          />
        </Form.Item>
        <DeadlineFields />
        <Button type="primary" htmlType="submit" loading={props.busy} data-testid="node-save">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
