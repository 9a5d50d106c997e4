import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client.js';
import { useAuth } from '../auth.js';
import { useI18n } from '../i18n/index.js';
import { useErrorText } from '../lib/error-text.js';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** The server's minimum (the `newPassword` schema); checked here first so the user is told before sending. */
const MIN_LENGTH = 8;

/**
 * Changing one's own password, from the user menu. Says beforehand what happens to the user's other logins and
 * API tokens (they end), and that this page stays logged in; a wrong current password or a refused new one is
 * shown on its field.
 */
export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { changePassword } = useAuth();
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<PasswordForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    form.resetFields();
    setError(null);
    onClose();
  };

  const submit = ({ currentPassword, newPassword }: PasswordForm) => {
    setBusy(true);
    setError(null);
    changePassword(currentPassword, newPassword)
      .then((changed) => {
        void message.success(
          t('password.changed', { sessions: changed.otherSessionsEnded, tokens: changed.tokensRevoked }),
        );
        close();
      })
      .catch((failure: unknown) => {
        const text = errorText(failure);
        const code = failure instanceof ApiError ? failure.code : null;
        if (code === 'CURRENT_PASSWORD_WRONG' || code === 'LOGIN_RATE_LIMITED')
          form.setFields([{ name: 'currentPassword', errors: [text] }]);
        else if (code === 'PASSWORD_UNCHANGED') form.setFields([{ name: 'newPassword', errors: [text] }]);
        else if (code === 'VALIDATION_FAILED')
          form.setFields([{ name: 'newPassword', errors: [t('password.tooShort')] }]);
        else setError(text);
      })
      .finally(() => setBusy(false));
  };

  return (
    <Modal
      open={open}
      title={t('password.title')}
      okText={t('password.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={close}
      onOk={() => form.submit()}
      destroyOnHidden
      data-testid="password-dialog"
    >
      <Alert type="info" showIcon title={t('password.hint')} style={{ marginBottom: 16 }} />
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form<PasswordForm> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('password.currentRequired') }]}
        >
          <Input.Password autoComplete="current-password" autoFocus data-testid="password-current" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          rules={[
            { required: true, message: t('password.newRequired') },
            { min: MIN_LENGTH, message: t('password.tooShort') },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-new" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.newRequired') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-confirm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
