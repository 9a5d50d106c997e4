import { Alert, App, Button, Form, Input, InputNumber, Select } from 'antd';
import { useMemo, useState } from 'react';
import { api, call } from '../api/client.js';
import { useI18n } from '../i18n/index.js';
import { useLoad, useNotifyError } from '../lib/hooks.js';
import {
  figureText,
  QUALIFIERS,
  qualifierText,
  type Figure,
  type FigureInput,
  type IndicatorSummary,
} from '../lib/indicators.js';

interface Values {
  indicatorId: number;
  areaCode: string;
  period: string;
  value: number;
  qualifier: FigureInput['qualifier'];
  sourceUrl?: string;
  sourceDocument?: string;
  quote?: string;
}

export interface FigureEntryFormProps {
  /** The indicator to enter for (the indicator page); without it the form offers every indicator. */
  indicator?: IndicatorSummary;
  /** The figures in force, to say before saving that a figure for the same area and period becomes a revision. */
  inForce?: Figure[];
  onSaved?: (figure: Figure) => void;
}

/**
 * One figure: indicator, area, period, value, qualifier and source. The server keeps a figure already entered for
 * the same indicator, area and period in the history and puts the new one in force (a revision).
 */
export function FigureEntryForm({ indicator, inForce, onSaved }: FigureEntryFormProps) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const indicators = useLoad(
    () =>
      indicator
        ? Promise.resolve([indicator])
        : call(api.GET('/api/v1/indicators', { params: { query: { limit: 200 } } })).then(
            (page) => page.items,
          ),
    [indicator?.id],
  );
  const chosenId = Form.useWatch('indicatorId', form);
  const period = Form.useWatch('period', form);
  const areaCode = Form.useWatch('areaCode', form);
  const typed = Form.useWatch('value', form);
  // On the figures page the form has no figures at hand: load the chosen indicator's, to warn of a revision.
  const detail = useLoad(
    () =>
      inForce || !chosenId
        ? Promise.resolve(undefined)
        : call(api.GET('/api/v1/indicators/{id}', { params: { path: { id: chosenId } } })),
    [chosenId, inForce === undefined],
  );
  const chosen = useMemo(
    () => indicators.data?.find((x) => x.id === (chosenId ?? indicator?.id)),
    [indicators.data, chosenId, indicator],
  );
  const existing = (inForce ?? detail.data?.inForce)?.find(
    (f) =>
      f.period === period?.trim() && (f.area.name === areaCode?.trim() || f.area.code === areaCode?.trim()),
  );

  const onFinish = (values: Values) => {
    const id = indicator?.id ?? values.indicatorId;
    const target = indicators.data?.find((x) => x.id === id);
    setBusy(true);
    const blank = (text: string | undefined) => (text?.trim() ? text.trim() : null);
    call(
      api.POST('/api/v1/indicators/{id}/figures', {
        params: { path: { id } },
        body: {
          areaCode: values.areaCode.trim(),
          period: values.period.trim(),
          value: values.value,
          qualifier: values.qualifier,
          sourceUrl: blank(values.sourceUrl),
          sourceDocument: blank(values.sourceDocument),
          quote: blank(values.quote),
        },
      }),
    )
      .then((figure) => {
        void message.success(
          t('figure.saved', {
            indicator: target?.name ?? '',
            period: figure.period,
            value: figureText(figure.value, target?.unit ?? '', figure.qualifier, language),
          }),
        );
        form.resetFields(['value', 'sourceUrl', 'sourceDocument', 'quote']);
        onSaved?.(figure);
      })
      .catch(notifyError)
      .finally(() => setBusy(false));
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={onFinish}
      initialValues={{ indicatorId: indicator?.id, areaCode: '成都市', qualifier: 'exact' }}
      data-testid="figure-form"
      style={{ maxWidth: 640 }}
    >
      {indicator ? null : (
        <Form.Item
          name="indicatorId"
          label={t('figure.indicator')}
          rules={[{ required: true, message: t('figure.required') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={indicators.loading}
            options={indicators.data?.map((x) => ({ value: x.id, label: x.name }))}
            data-testid="figure-indicator"
          />
        </Form.Item>
      )}
      <Form.Item
        name="areaCode"
        label={t('figure.area')}
        rules={[{ required: true, message: t('figure.required') }]}
      >
        <Input data-testid="figure-area" />
      </Form.Item>
      <Form.Item
        name="period"
        label={t('figure.period')}
        extra={t('figure.periodHint')}
        rules={[{ required: true, message: t('figure.required') }]}
      >
        <Input data-testid="figure-period" />
      </Form.Item>
      <Form.Item
        name="value"
        label={chosen ? t('figure.value', { unit: chosen.unit }) : t('figure.col.value')}
        extra={
          chosen && typeof typed === 'number'
            ? formatPreview(typed, chosen.unit, language)
            : t('figure.valueHint')
        }
        rules={[{ required: true, message: t('figure.required') }]}
      >
        <InputNumber style={{ width: '100%' }} data-testid="figure-value" />
      </Form.Item>
      <Form.Item name="qualifier" label={t('figure.qualifier')}>
        <Select
          options={QUALIFIERS.map((q) => ({ value: q, label: qualifierText(t, q) }))}
          data-testid="figure-qualifier"
        />
      </Form.Item>
      <Form.Item name="sourceUrl" label={t('figure.sourceUrl')}>
        <Input data-testid="figure-source-url" />
      </Form.Item>
      <Form.Item name="sourceDocument" label={t('figure.sourceDocument')}>
        <Input />
      </Form.Item>
      <Form.Item name="quote" label={t('figure.quote')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="figure-quote" />
      </Form.Item>
      {existing && chosen ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="revision-notice"
          title={t('figure.revisionNotice', {
            value: figureText(existing.value, chosen.unit, existing.qualifier, language),
          })}
        />
      ) : null}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="figure-submit">
        {t('figure.submit')}
      </Button>
    </Form>
  );
}

function formatPreview(value: number, unit: string, language: 'zh' | 'en'): string {
  return `= ${figureText(value, unit, 'exact', language)}`;
}
