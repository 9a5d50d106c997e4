import { Form, Input, Modal, Select } from 'antd';
import { api, call, type PlanNode, type Unit } from '../api/client.js';
import { useI18n } from '../i18n/index.js';
import { fromDeadlineForm, sameDeadline, toDeadlineForm, type DeadlineForm } from '../lib/deadlines.js';
import { DeadlineFields } from './DeadlineFields.js';

interface NodeForm {
  title: string;
  note: string;
  leadUnitIds: number[];
  supportUnitIds: number[];
  deadline: DeadlineForm;
}

export interface PlanNodeEditorProps {
  planId: number;
  node: PlanNode;
  /** The units the item may name (those of the plan's jurisdiction); empty for a unit officer. */
  units: Unit[];
  /** A unit officer may only write the note; the secretariat edits everything. */
  noteOnly: boolean;
  onSaved: (node: PlanNode) => void;
  onError: (error: unknown) => void;
  onCancel: () => void;
}

/** Corrects a task of a confirmed plan; the server audits every such edit. */
export function PlanNodeEditor({
  planId,
  node,
  units,
  noteOnly,
  onSaved,
  onError,
  onCancel,
}: PlanNodeEditorProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<NodeForm>();
  // The item's own units are always options, so that a field shows 市商务局 and never a bare id, even for a unit
  // officer, who does not load the registry.
  const unitOptions = [
    ...new Map(
      [...node.leadUnits, ...node.supportUnits, ...units].map((u) => [u.id, { value: u.id, label: u.name }]),
    ).values(),
  ];
  const save = (values: NodeForm) => {
    const body = noteOnly
      ? { note: values.note }
      : {
          title: values.title,
          note: values.note,
          leadUnitIds: values.leadUnitIds,
          supportUnitIds: values.supportUnitIds,
          ...(!sameDeadline(node.deadline, values.deadline) && {
            deadline: fromDeadlineForm(values.deadline),
          }),
        };
    call(
      api.PATCH('/api/v1/plans/{id}/nodes/{nodeId}', {
        params: { path: { id: planId, nodeId: node.id } },
        body,
      }),
    ).then(onSaved, onError);
  };
  return (
    <Modal
      open
      title={`${t('plan.editTask')} ${node.label}`}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onCancel}
      onOk={() => form.submit()}
      width={640}
    >
      <Form<NodeForm>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{
          title: node.title,
          note: node.note ?? '',
          leadUnitIds: node.leadUnits.map((u) => u.id),
          supportUnitIds: node.supportUnits.map((u) => u.id),
          deadline: toDeadlineForm(node.deadline),
        }}
      >
        <Form.Item name="title" label={t('review.nodeTitle')} rules={[{ required: true }]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} disabled={noteOnly} />
        </Form.Item>
        <Form.Item name="leadUnitIds" label={t('review.leadUnits')}>
          <Select
            mode="multiple"
            options={unitOptions}
            disabled={noteOnly}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item name="supportUnitIds" label={t('review.supportUnits')}>
          <Select
            mode="multiple"
            options={unitOptions}
            disabled={noteOnly}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <DeadlineFields disabled={noteOnly} />
        <Form.Item name="note" label={t('plan.note')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
