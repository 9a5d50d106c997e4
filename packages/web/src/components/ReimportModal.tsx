import { Alert, Button, Input, Modal, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { PlanFileDragger } from './PlanFileDragger.js';
import { api, call, type ImportDraft } from '../api/client.js';
import { useI18n } from '../i18n/index.js';
import { useErrorText } from '../lib/hooks.js';

/**
 * Takes the revised document of a plan, pasted or uploaded, and hands back the draft the server made of it; the
 * review page then shows what the revision changes. A document that is not a plan is refused here, in place.
 */
export function ReimportModal(props: {
  planId: number;
  planTitle: string;
  onCancel: () => void;
  onDraft: (draftId: number) => void;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const path = { params: { path: { id: props.planId } } };

  const submit = (request: () => Promise<ImportDraft>) => {
    setBusy(true);
    setError(null);
    request()
      .then((draft) => props.onDraft(draft.id))
      .catch((failure: unknown) => setError(errorText(failure)))
      .finally(() => setBusy(false));
  };

  const submitText = () => {
    if (!text.trim()) {
      setError(t('import.emptyText'));
      return;
    }
    submit(() => call(api.POST('/api/v1/plans/{id}/reimport', { ...path, body: { text } })));
  };

  const submitFile = (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    submit(() =>
      call(
        api.POST('/api/v1/plans/{id}/reimport', {
          ...path,
          body: { text: '', fileName: file.name },
          bodySerializer: () => form,
        }),
      ),
    );
  };

  return (
    <Modal
      open
      width={760}
      title={t('plan.reimportTitle', { title: props.planTitle })}
      onCancel={props.onCancel}
      footer={null}
      data-testid="reimport-modal"
    >
      <Typography.Paragraph type="secondary">{t('plan.reimportHint')}</Typography.Paragraph>
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          data-testid="reimport-error"
        />
      ) : null}
      <Tabs
        items={[
          {
            key: 'paste',
            label: t('import.paste'),
            children: (
              <>
                <Input.TextArea
                  value={text}
                  onChange={(event) => setText(event.target.value)}
                  placeholder={t('import.textPlaceholder')}
                  autoSize={{ minRows: 10, maxRows: 18 }}
                  data-testid="reimport-text"
                />
                <div style={{ textAlign: 'right', marginTop: 16 }}>
                  <Button onClick={props.onCancel} style={{ marginRight: 8 }}>
                    {t('common.cancel')}
                  </Button>
                  <Button type="primary" loading={busy} onClick={submitText} data-testid="reimport-submit">
                    {t('plan.reimportSubmit')}
                  </Button>
                </div>
              </>
            ),
          },
          {
            key: 'upload',
            label: t('import.upload'),
            children: <PlanFileDragger disabled={busy} onFile={submitFile} />,
          },
        ]}
      />
    </Modal>
  );
}
