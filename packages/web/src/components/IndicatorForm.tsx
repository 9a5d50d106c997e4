import { Alert, App, Button, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useState } from 'react';
import { api, ApiError, call } from '../api/client.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { useErrorText } from '../lib/error-text.js';
import { useLoad } from '../lib/hooks.js';
import type { IndicatorInput, IndicatorSummary } from '../lib/indicators.js';
import { loadAllUnits } from '../lib/units.js';

interface Values {
  name: string;
  code?: string;
  unit: string;
  kind: IndicatorSummary['kind'];
  direction: IndicatorSummary['direction'];
  frequency: IndicatorSummary['frequency'];
  ownerUnitId?: number | null;
  aliases?: string[];
  baselineValue?: number | null;
  baselinePeriod?: string;
  formula?: string;
}

const KINDS: IndicatorSummary['kind'][] = ['flow', 'stock', 'rate'];
const DIRECTIONS: IndicatorSummary['direction'][] = ['higher', 'lower'];
const FREQUENCIES: IndicatorSummary['frequency'][] = ['year', 'half', 'quarter', 'month'];

/** The form field a server refusal is about, so the message shows where the mistake is. */
const FIELD_OF_CODE: Record<string, keyof Values> = {
  INDICATOR_NAME_TAKEN: 'name',
  INDICATOR_CODE_TAKEN: 'code',
  FORMULA_INVALID: 'formula',
  PERIOD_INVALID: 'baselinePeriod',
};

function initialValues(indicator: IndicatorSummary | undefined): Partial<Values> {
  if (!indicator) return { kind: 'flow', direction: 'higher', frequency: 'year', aliases: [] };
  return {
    name: indicator.name,
    code: indicator.code ?? undefined,
    unit: indicator.unit,
    kind: indicator.kind,
    direction: indicator.direction,
    frequency: indicator.frequency,
    ownerUnitId: indicator.ownerUnit?.id ?? null,
    aliases: indicator.aliases,
    baselineValue: indicator.baseline?.value ?? null,
    baselinePeriod: indicator.baseline?.period,
    formula: indicator.formula ?? undefined,
  };
}

function toInput(v: Values): IndicatorInput {
  const blank = (text: string | undefined) => (text?.trim() ? text.trim() : null);
  const period = blank(v.baselinePeriod);
  const hasValue = typeof v.baselineValue === 'number';
  return {
    name: v.name.trim(),
    code: blank(v.code),
    unit: v.unit.trim(),
    kind: v.kind,
    direction: v.direction,
    frequency: v.frequency,
    ownerUnitId: v.ownerUnitId ?? null,
    aliases: (v.aliases ?? []).map((a) => a.trim()).filter(Boolean),
    baseline: hasValue && period ? { value: v.baselineValue!, period } : null,
    formula: blank(v.formula),
  };
}

export interface IndicatorFormModalProps {
  open: boolean;
  /** The indicator to edit; without it the form creates one. */
  indicator?: IndicatorSummary;
  onClose: () => void;
  onSaved: (indicator: IndicatorSummary) => void;
}

/**
 * Creating or editing an indicator (admin and secretariat): what it measures, how its values add up over time,
 * who owns it, its baseline and, for a computed one, its formula. The server's refusal (a name already taken, a
 * formula naming an unknown indicator, a period it cannot read) is shown on the field it concerns.
 */
export function IndicatorFormModal({ open, indicator, onClose, onSaved }: IndicatorFormModalProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const units = useLoad(() => (open ? loadAllUnits() : Promise.resolve([])), [open]);

  const onFinish = (values: Values) => {
    setBusy(true);
    setFailure(null);
    const body = toInput(values);
    const request = indicator
      ? call(api.PATCH('/api/v1/indicators/{id}', { params: { path: { id: indicator.id } }, body }))
      : call(api.POST('/api/v1/indicators', { body }));
    request
      .then((saved) => {
        void message.success(
          t(indicator ? 'indicatorForm.saved' : 'indicatorForm.created', { name: saved.name }),
        );
        onSaved(saved);
      })
      .catch((error: unknown) => {
        const text = errorText(error);
        const field = error instanceof ApiError ? FIELD_OF_CODE[error.code] : undefined;
        if (field) form.setFields([{ name: field, errors: [text] }]);
        setFailure(text);
      })
      .finally(() => setBusy(false));
  };

  const required = [{ required: true, whitespace: true, message: t('indicatorForm.required') }];
  return (
    <Modal
      open={open}
      title={indicator ? t('indicatorForm.editTitle', { name: indicator.name }) : t('indicatorForm.create')}
      footer={null}
      onCancel={onClose}
      destroyOnHidden
      width={720}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        onValuesChange={() => setFailure(null)}
        initialValues={initialValues(indicator)}
        data-testid="indicator-form"
      >
        <Row gutter={16}>
          <Col xs={24} sm={16}>
            <Form.Item name="name" label={t('indicatorForm.name')} rules={required}>
              <Input data-testid="indicator-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="code" label={t('indicatorForm.code')}>
              <Input data-testid="indicator-code" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name="unit"
              label={t('indicatorForm.unit')}
              extra={t('indicatorForm.unitHint')}
              rules={required}
            >
              <Input data-testid="indicator-unit" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="kind" label={t('indicatorForm.kind')} rules={[{ required: true }]}>
              <Select
                data-testid="indicator-kind"
                options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}` as MessageKey) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="direction" label={t('indicatorForm.direction')}>
              <Select
                data-testid="indicator-direction"
                options={DIRECTIONS.map((d) => ({ value: d, label: t(`direction.${d}` as MessageKey) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="frequency" label={t('indicatorForm.frequency')}>
              <Select
                data-testid="indicator-frequency"
                options={FREQUENCIES.map((f) => ({ value: f, label: t(`frequency.${f}` as MessageKey) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item name="ownerUnitId" label={t('indicatorForm.owner')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                loading={units.loading}
                data-testid="indicator-owner"
                options={units.data?.map((u) => ({
                  value: u.id,
                  label: u.area ? `${u.name}（${u.area.name}）` : u.name,
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="aliases"
              label={t('indicatorForm.aliases')}
              extra={t('indicatorForm.aliasesHint')}
            >
              <Select
                mode="tags"
                open={false}
                tokenSeparators={['，', ',', '、']}
                data-testid="indicator-aliases"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="baselineValue"
              label={t('indicatorForm.baselineValue')}
              dependencies={['baselinePeriod']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, value) =>
                    (typeof value === 'number') ===
                    Boolean(String(getFieldValue('baselinePeriod') ?? '').trim())
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('indicatorForm.baselineBoth'))),
                }),
              ]}
            >
              <InputNumber style={{ width: '100%' }} data-testid="indicator-baseline-value" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="baselinePeriod"
              label={t('indicatorForm.baselinePeriod')}
              extra={t('figure.periodHint')}
            >
              <Input data-testid="indicator-baseline-period" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="formula"
              label={t('indicatorForm.formula')}
              extra={t('indicatorForm.formulaHint')}
            >
              <Input data-testid="indicator-formula" />
            </Form.Item>
          </Col>
        </Row>
        {failure ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={failure}
            data-testid="indicator-form-error"
          />
        ) : null}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="indicator-submit">
          {t('indicatorForm.save')}
        </Button>
      </Form>
    </Modal>
  );
}
