import { App, Checkbox, Form, Input, Modal, Radio, Select, Switch } from 'antd';
import { useState } from 'react';
import { ApiError, type Webhook } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { webhookApi } from '../../lib/delivery-api.js';
import { LEVELS } from '../../lib/delivery.js';
import { useNotifyError } from '../../lib/hooks.js';

export const WEBHOOK_FORMATS = ['wecom', 'dingtalk', 'generic'] as const;
type Format = (typeof WEBHOOK_FORMATS)[number];

/** What each kind's address looks like (the robot's own address; the same in every language). */
const URL_EXAMPLES: Record<Format, string> = {
  wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
  dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=…',
  generic: 'https://…',
};

interface Values {
  name: string;
  format: Format;
  url: string;
  secret?: string;
  clearSecret?: boolean;
  scope: 'plan' | 'all' | 'other';
  minLevel: 'blue' | 'yellow' | 'red';
  enabled: boolean;
}

/**
 * Adds or changes a webhook. The secret is write-only: the server never sends it back, so an existing webhook shows
 * only that one is set; an empty field keeps it, a tick removes it. The plans it hears of are this plan or every
 * plan (one set for another plan keeps that plan unless changed here).
 */
export function WebhookModal({
  planId,
  webhook,
  onClose,
  onSaved,
}: {
  planId: number;
  /** The webhook to change, or null to add one. */
  webhook: Webhook | null;
  onClose: () => void;
  onSaved: (saved: Webhook) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const format = Form.useWatch('format', form) ?? webhook?.format ?? 'wecom';
  const initial: Values = webhook
    ? {
        name: webhook.name,
        format: webhook.format,
        url: webhook.url,
        scope: webhook.planId === null ? 'all' : webhook.planId === planId ? 'plan' : 'other',
        minLevel: webhook.minLevel,
        enabled: webhook.enabled,
      }
    : { name: '', format: 'wecom', url: '', scope: 'plan', minLevel: 'blue', enabled: true };

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const secret = v.format === 'wecom' ? null : v.secret?.trim() || undefined;
    const fields = {
      name: v.name.trim(),
      url: v.url.trim(),
      format: v.format,
      minLevel: v.minLevel,
      enabled: v.enabled,
      ...(v.scope === 'other' ? {} : { planId: v.scope === 'plan' ? planId : null }),
    };
    setSaving(true);
    try {
      const saved = webhook
        ? await webhookApi.update(webhook.id, {
            ...fields,
            // A WeCom robot has no secret; otherwise a new one replaces it, a tick removes it, empty keeps it.
            ...(secret !== undefined ? { secret } : v.clearSecret ? { secret: null } : {}),
            version: webhook.version,
          })
        : await webhookApi.create({ ...fields, ...(secret ? { secret } : {}) });
      void message.success(webhook ? t('webhook.saved') : t('webhook.created', { name: saved.name }));
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        void message.warning(t('webhook.conflict'));
        onClose();
      } else if (error instanceof ApiError && error.fields.some((f) => f.path === '/body/url')) {
        form.setFields([{ name: 'url', errors: [t('webhook.urlRequired')] }]);
      } else notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={webhook ? t('webhook.edit') : t('webhook.add')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'webhook-save' }}
      data-testid="webhook-modal"
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial}>
        <Form.Item name="format" label={t('webhook.format')}>
          <Radio.Group
            optionType="button"
            options={WEBHOOK_FORMATS.map((f) => ({ value: f, label: t(`webhookFormat.${f}`) }))}
            data-testid="webhook-format"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('webhook.name')}
          rules={[{ required: true, whitespace: true, message: t('webhook.nameRequired') }]}
        >
          <Input maxLength={200} placeholder={t('webhook.namePlaceholder')} data-testid="webhook-name" />
        </Form.Item>
        <Form.Item
          name="url"
          label={t('webhook.url')}
          rules={[
            { required: true, message: t('webhook.urlRequired') },
            { pattern: /^https?:\/\/\S+$/i, message: t('webhook.urlRequired') },
          ]}
        >
          <Input maxLength={2000} placeholder={URL_EXAMPLES[format]} data-testid="webhook-url" />
        </Form.Item>
        {format === 'wecom' ? null : (
          <Form.Item
            name="secret"
            label={t('webhook.secret')}
            extra={
              <>
                {t(`webhook.secretHint.${format}`)}
                <br />
                {t('webhook.secretWriteOnly')}
              </>
            }
          >
            <Input.Password
              maxLength={500}
              autoComplete="new-password"
              placeholder={webhook?.signed ? t('webhook.secretKeep') : undefined}
              data-testid="webhook-secret"
            />
          </Form.Item>
        )}
        {format !== 'wecom' && webhook?.signed ? (
          <Form.Item name="clearSecret" valuePropName="checked" style={{ marginTop: -8 }}>
            <Checkbox data-testid="webhook-secret-clear">{t('webhook.secretClear')}</Checkbox>
          </Form.Item>
        ) : null}
        <Form.Item name="scope" label={t('webhook.scope')}>
          <Radio.Group
            options={[
              { value: 'plan', label: t('webhook.scopeThisPlan') },
              { value: 'all', label: t('webhook.scopeAll') },
              ...(initial.scope === 'other' ? [{ value: 'other', label: t('webhook.scopeOther') }] : []),
            ]}
          />
        </Form.Item>
        <Form.Item name="minLevel" label={t('webhook.minLevel')}>
          <Select
            options={[...LEVELS].reverse().map((l) => ({ value: l, label: t(`webhook.minLevel.${l}`) }))}
            data-testid="webhook-min-level"
          />
        </Form.Item>
        <Form.Item name="enabled" label={t('webhook.enabled')} valuePropName="checked">
          <Switch data-testid="webhook-enabled" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
