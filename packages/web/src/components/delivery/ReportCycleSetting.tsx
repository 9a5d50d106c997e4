import { App, Button, InputNumber, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { deliveryApi } from '../../lib/delivery-api.js';
import { wordOf } from '../../lib/delivery.js';
import { useLoad, useNotifyError } from '../../lib/hooks.js';

/**
 * The plan's reporting cycle as the secretariat sets it: monthly or quarterly, due N Chinese working days after each
 * period. Until it is set the default (quarterly, 5 working days) is shown and marked as not yet set.
 */
export function ReportCycleSetting({ planId, onSaved }: { planId: number; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const cycle = useLoad(() => deliveryApi.reportCycle(planId), [planId]);
  const [frequency, setFrequency] = useState<'month' | 'quarter'>('quarter');
  const [days, setDays] = useState<number>(5);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!cycle.data) return;
    setFrequency(cycle.data.frequency);
    setDays(cycle.data.dueWorkingDays);
  }, [cycle.data]);
  const save = () => {
    if (!cycle.data) return;
    setBusy(true);
    deliveryApi
      .setReportCycle(planId, {
        frequency,
        dueWorkingDays: days,
        ...(cycle.data.configured ? { version: cycle.data.version } : {}),
      })
      .then((next) => {
        cycle.setData(next);
        void message.success(t('cycle.saved'));
        onSaved();
      }, notifyError)
      .finally(() => setBusy(false));
  };
  return (
    <Space wrap size={[8, 8]} data-testid="report-cycle">
      <Typography.Text>{t('task.cycle')}：</Typography.Text>
      <Select
        value={frequency}
        onChange={setFrequency}
        style={{ width: 130 }}
        options={(['quarter', 'month'] as const).map((f) => ({ value: f, label: wordOf(t, 'frequency', f) }))}
        data-testid="cycle-frequency"
      />
      <Typography.Text>{t('cycle.after')}</Typography.Text>
      <InputNumber
        min={0}
        max={60}
        value={days}
        onChange={(v) => setDays(v ?? 0)}
        style={{ width: 80 }}
        data-testid="cycle-days"
      />
      <Typography.Text>{t('cycle.workingDays')}</Typography.Text>
      {cycle.data && !cycle.data.configured ? <Tag color="orange">{t('cycle.notSet')}</Tag> : null}
      <Button onClick={save} loading={busy} disabled={!cycle.data} data-testid="cycle-save">
        {t('common.save')}
      </Button>
    </Space>
  );
}
