import { Alert, Button, Input, Modal, Tabs, Typography } from 'antd';
import { api, call } from '../api/client.js';
import { useI18n } from '../i18n/index.js';
import { usePlanDocument } from '../lib/use-plan-document.js';
import { PlanFileDragger } from './PlanFileDragger.js';

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
  const path = { params: { path: { id: props.planId } } };
  const { text, setText, error, busy, submitText, submitFile } = usePlanDocument(
    (document) =>
      'form' in document
        ? call(
            api.POST('/api/v1/plans/{id}/reimport', {
              ...path,
              body: { text: '', fileName: document.file.name },
              bodySerializer: () => document.form,
            }),
          )
        : call(api.POST('/api/v1/plans/{id}/reimport', { ...path, body: { text: document.text } })),
    (draft) => props.onDraft(draft.id),
  );

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
