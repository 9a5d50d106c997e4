import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import type { Contribution, ReportSummary } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { deliveryApi } from '../../lib/delivery-api.js';
import { useNotifyError } from '../../lib/hooks.js';

interface Values {
  progress: string;
  problems: string;
  nextSteps: string;
}

/** A supporting unit's part of the lead unit's report: its own 进展情况 / 存在问题 / 下步计划, handed to the lead. */
export function ContributionModal({
  report,
  mine,
  onDone,
  onCancel,
}: {
  report: ReportSummary;
  mine: Contribution | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const ok = async () => {
    const values = await form.validateFields();
    setBusy(true);
    deliveryApi
      .saveContribution(report.id, { version: mine?.version ?? null, ...values, submit: true })
      .then(() => {
        void message.success(t('contribution.sent'));
        onDone();
      }, notifyError)
      .finally(() => setBusy(false));
  };
  return (
    <Modal
      open
      width={640}
      title={t('contribution.title', { unit: report.unitName, period: report.period })}
      onCancel={onCancel}
      onOk={() => void ok().catch(() => undefined)}
      okText={t('contribution.send')}
      okButtonProps={{ loading: busy }}
      data-testid="contribution-modal"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          progress: mine?.progress ?? '',
          problems: mine?.problems ?? '',
          nextSteps: mine?.nextSteps ?? '',
        }}
      >
        <Form.Item
          name="progress"
          label={t('report.progress')}
          rules={[{ required: true, whitespace: true, message: t('contribution.progressRequired') }]}
        >
          <Input.TextArea rows={4} maxLength={20_000} data-testid="contribution-progress" />
        </Form.Item>
        <Form.Item name="problems" label={t('report.problems')}>
          <Input.TextArea rows={2} maxLength={20_000} />
        </Form.Item>
        <Form.Item name="nextSteps" label={t('report.nextSteps')}>
          <Input.TextArea rows={2} maxLength={20_000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
