import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Form, Input, InputNumber, Modal, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { WorkPlanDetail } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { deliveryApi } from '../../lib/delivery-api.js';
import { useNotifyError } from '../../lib/hooks.js';

interface MilestoneRow {
  key?: string;
  title: string;
  dueDate: Dayjs | null;
  deliverable: string;
  weight: number;
}
interface Values {
  milestones: MilestoneRow[];
  reason?: string;
}

/**
 * Writes a unit's work plan for a task, or changes it: milestones with title, due date, deliverable and weight.
 * Changing an approved baseline is a change request and needs its reason; either way the plan goes to the
 * secretariat for review ("保存并提交") or stays a draft.
 */
export function WorkPlanEditor({
  nodeId,
  unitId,
  plan,
  onSaved,
  onCancel,
}: {
  nodeId: number;
  unitId: number;
  /** The plan to change; none to write the first one. */
  plan: WorkPlanDetail | null;
  onSaved: (plan: WorkPlanDetail) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState<'draft' | 'submit' | null>(null);
  const changing = plan !== null && plan.baselineRevision !== null;
  const latest = plan?.revisions.at(-1);
  const initial: MilestoneRow[] = (latest?.milestones ?? []).map((m) => ({
    key: m.key,
    title: m.title,
    dueDate: dayjs(m.dueDate),
    deliverable: m.deliverable,
    weight: m.weight,
  }));

  const save = async (submit: boolean) => {
    await form.validateFields();
    // All the store holds, the milestones' keys included: validateFields returns only the fields on screen, and a
    // milestone without its key would read as a new one rather than the same one moved.
    const values = form.getFieldsValue(true) as Values;
    setBusy(submit ? 'submit' : 'draft');
    const milestones = values.milestones.map((m) => ({
      ...(m.key ? { key: m.key } : {}),
      title: m.title.trim(),
      dueDate: m.dueDate!.format('YYYY-MM-DD'),
      deliverable: (m.deliverable ?? '').trim(),
      weight: m.weight,
    }));
    try {
      let saved =
        plan === null
          ? await deliveryApi.createWorkPlan({ nodeId, unitId, milestones })
          : await deliveryApi.saveWorkPlan(plan.id, {
              version: plan.version,
              milestones,
              ...(changing ? { reason: values.reason?.trim() } : {}),
            });
      if (submit) saved = await deliveryApi.submitWorkPlan(saved.id, saved.version);
      onSaved(saved);
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Modal
      open
      width={880}
      title={t(changing ? 'workPlan.changeTitle' : plan ? 'workPlan.editTitle' : 'workPlan.writeTitle')}
      onCancel={onCancel}
      data-testid="work-plan-editor"
      footer={
        <Space wrap>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
          <Button
            loading={busy === 'draft'}
            disabled={busy === 'submit'}
            onClick={() => void save(false).catch(() => undefined)}
            data-testid="work-plan-save"
          >
            {t('workPlan.saveDraft')}
          </Button>
          <Button
            type="primary"
            loading={busy === 'submit'}
            disabled={busy === 'draft'}
            onClick={() => void save(true).catch(() => undefined)}
            data-testid="work-plan-submit"
          >
            {t(changing ? 'workPlan.submitChange' : 'workPlan.submit')}
          </Button>
        </Space>
      }
    >
      {changing ? (
        <Alert type="warning" showIcon title={t('workPlan.changeHint')} style={{ marginBottom: 12 }} />
      ) : null}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          milestones: initial.length ? initial : [{ title: '', dueDate: null, deliverable: '', weight: 1 }],
        }}
      >
        <Form.List name="milestones">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <div
                  key={field.key}
                  data-testid="milestone-row"
                  style={{
                    display: 'flex',
                    flexWrap: 'wrap',
                    gap: 8,
                    alignItems: 'flex-start',
                    borderBottom: '1px dashed #f0f0f0',
                    marginBottom: 8,
                  }}
                >
                  <Form.Item
                    name={[field.name, 'title']}
                    label={i === 0 ? t('milestone.title') : undefined}
                    rules={[{ required: true, whitespace: true, message: t('milestone.titleRequired') }]}
                    style={{ flex: '2 1 220px', marginBottom: 8 }}
                  >
                    <Input maxLength={200} data-testid="milestone-title" placeholder={t('milestone.title')} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'dueDate']}
                    label={i === 0 ? t('milestone.dueDate') : undefined}
                    rules={[{ required: true, message: t('milestone.dueRequired') }]}
                    style={{ flex: '1 1 140px', marginBottom: 8 }}
                  >
                    <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" data-testid="milestone-due" />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'deliverable']}
                    label={i === 0 ? t('milestone.deliverable') : undefined}
                    style={{ flex: '2 1 200px', marginBottom: 8 }}
                  >
                    <Input
                      maxLength={500}
                      data-testid="milestone-deliverable"
                      placeholder={t('milestone.deliverable')}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'weight']}
                    label={i === 0 ? t('milestone.weight') : undefined}
                    rules={[
                      { required: true, type: 'number', min: 0.01, message: t('milestone.weightRequired') },
                    ]}
                    style={{ flex: '0 0 90px', marginBottom: 8 }}
                  >
                    <InputNumber
                      min={0.01}
                      max={1000}
                      style={{ width: '100%' }}
                      data-testid="milestone-weight"
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    disabled={fields.length === 1}
                    onClick={() => remove(field.name)}
                    aria-label={t('common.delete')}
                    style={{ marginTop: i === 0 ? 30 : 0 }}
                  />
                </div>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ title: '', dueDate: null, deliverable: '', weight: 1 })}
                disabled={fields.length >= 50}
                data-testid="milestone-add"
              >
                {t('milestone.add')}
              </Button>
            </>
          )}
        </Form.List>
        {changing ? (
          <Form.Item
            name="reason"
            label={t('workPlan.reason')}
            rules={[{ required: true, whitespace: true, message: t('workPlan.reasonRequired') }]}
            style={{ marginTop: 16 }}
          >
            <Input.TextArea
              rows={3}
              maxLength={2000}
              data-testid="change-reason-input"
              placeholder={t('workPlan.reasonPlaceholder')}
            />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
