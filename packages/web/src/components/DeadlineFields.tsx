import { Form, Input, InputNumber, Select, Space } from 'antd';
import { useI18n } from '../i18n/index.js';
import { DATE_PATTERN, type DeadlineForm } from '../lib/deadlines.js';

/** The deadline part of an item's edit form, under the form field `deadline` (see `DeadlineForm`). */
export function DeadlineFields({ disabled }: { disabled?: boolean }) {
  const { t } = useI18n();
  const kinds = ['none', 'date', 'relative', 'recurring', 'ongoing'] as const;
  return (
    <Form.Item label={t('deadline.label')} style={{ marginBottom: 0 }}>
      <Space wrap align="start">
        <Form.Item name={['deadline', 'kind']} noStyle>
          <Select
            style={{ width: 120 }}
            disabled={disabled}
            data-testid="deadline-kind"
            options={kinds.map((k) => ({
              value: k,
              label: t(k === 'none' ? 'deadline.none' : `deadline.kind.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item noStyle shouldUpdate>
          {({ getFieldValue }) => {
            const kind = (getFieldValue('deadline') as DeadlineForm | undefined)?.kind;
            if (kind === 'date')
              return (
                <Form.Item
                  name={['deadline', 'date']}
                  rules={[{ required: true, pattern: DATE_PATTERN, message: t('deadline.dateInvalid') }]}
                >
                  <Input
                    style={{ width: 220 }}
                    disabled={disabled}
                    placeholder={t('deadline.datePlaceholder')}
                    aria-label={t('deadline.date')}
                    data-testid="deadline-date"
                  />
                </Form.Item>
              );
            if (kind === 'relative')
              return (
                <Space>
                  <Form.Item name={['deadline', 'count']} rules={[{ required: true }]}>
                    <InputNumber
                      min={1}
                      max={1200}
                      precision={0}
                      disabled={disabled}
                      aria-label={t('deadline.count')}
                      data-testid="deadline-count"
                    />
                  </Form.Item>
                  <Form.Item name={['deadline', 'unit']}>
                    <Select
                      style={{ width: 90 }}
                      disabled={disabled}
                      aria-label={t('deadline.unit')}
                      options={[
                        { value: 'months', label: t('deadline.unit.months') },
                        { value: 'days', label: t('deadline.unit.days') },
                      ]}
                    />
                  </Form.Item>
                </Space>
              );
            if (kind === 'recurring')
              return (
                <Form.Item name={['deadline', 'every']}>
                  <Select
                    style={{ width: 120 }}
                    disabled={disabled}
                    aria-label={t('deadline.every')}
                    options={(['year', 'half-year', 'quarter', 'month'] as const).map((e) => ({
                      value: e,
                      label: t(`deadline.every.${e}`),
                    }))}
                  />
                </Form.Item>
              );
            return null;
          }}
        </Form.Item>
      </Space>
    </Form.Item>
  );
}
