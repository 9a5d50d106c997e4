import { Button, Col, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import { useMemo } from 'react';
import type { AreaNode, ImportDraft } from '../../api/client.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { areaLabel, currentAreas, flattenAreas } from '../../lib/areas.js';

export interface MetaValues {
  periodFrom: number | null;
  periodTo: number | null;
  issuer: string;
  documentNumber: string;
  areaId: number | undefined;
}

/**
 * The draft's metadata a reviewer checks and corrects before confirming: period, issuer, document number, and the
 * jurisdiction the plan will belong to (detected from the issuer; a re-import keeps its plan's).
 */
export function DraftMeta({
  record,
  areas,
  disabled,
  busy,
  onSave,
}: {
  record: ImportDraft;
  /** The jurisdictions to choose from; null while they load. */
  areas: readonly AreaNode[] | null;
  disabled: boolean;
  busy: boolean;
  onSave: (values: MetaValues) => void;
}) {
  const { t } = useI18n();
  const { draft } = record;
  const options = useMemo(
    () => currentAreas(flattenAreas(areas ?? [])).map((a) => ({ value: a.id, label: areaLabel(a) })),
    [areas],
  );
  const reimport = record.planId !== null;
  return (
    <Form<MetaValues>
      layout="vertical"
      disabled={disabled}
      key={record.updatedAt}
      initialValues={{
        periodFrom: draft.period?.from ?? null,
        periodTo: draft.period?.to ?? null,
        issuer: draft.issuer ?? '',
        documentNumber: draft.documentNumber ?? '',
        areaId: record.area?.id,
      }}
      onFinish={onSave}
      data-testid="draft-meta"
    >
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Form.Item label={t('review.period')} required={false}>
            <Space.Compact>
              <Form.Item name="periodFrom" noStyle>
                <InputNumber
                  min={1900}
                  max={2200}
                  placeholder={t('review.periodFrom')}
                  data-testid="meta-period-from"
                />
              </Form.Item>
              <Form.Item name="periodTo" noStyle>
                <InputNumber
                  min={1900}
                  max={2200}
                  placeholder={t('review.periodTo')}
                  data-testid="meta-period-to"
                />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="issuer" label={t('plan.issuer')}>
            <Input maxLength={200} data-testid="meta-issuer" />
          </Form.Item>
        </Col>
        <Col xs={24} md={5}>
          <Form.Item name="documentNumber" label={t('plan.documentNumber')}>
            <Input maxLength={100} data-testid="meta-document-number" />
          </Form.Item>
        </Col>
        <Col xs={24} md={7}>
          <Form.Item
            name="areaId"
            label={t('plan.area')}
            extra={
              record.areaSource ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="meta-area-source">
                  {t(`areaSource.${record.areaSource}` as MessageKey)}
                </Typography.Text>
              ) : null
            }
          >
            <Select<number>
              showSearch={{ optionFilterProp: 'label' }}
              options={options}
              // Until the jurisdictions have loaded, the field would show the bare id of the one detected.
              loading={areas === null}
              labelRender={(selected) => selected.label ?? ''}
              disabled={disabled || reimport}
              data-testid="meta-area"
            />
          </Form.Item>
        </Col>
      </Row>
      <Button htmlType="submit" loading={busy} data-testid="meta-save">
        {t('review.saveMeta')}
      </Button>
    </Form>
  );
}
