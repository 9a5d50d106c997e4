import { Alert, Button, Card, Input, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { PlanFileDragger } from '../components/PlanFileDragger.js';
import { Link, useNavigate } from 'react-router';
import { api, call, type ImportDraft, type ImportSummary } from '../api/client.js';
import { ExportButton } from '../components/ExportButton.js';
import { LoadError } from '../components/LoadError.js';
import { useI18n } from '../i18n/index.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { formatTime } from '../lib/format.js';
import { useErrorText, useLoad } from '../lib/hooks.js';

export default function ImportPage() {
  const { t, language } = useI18n();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const drafts = useLoad(() => call(api.GET('/api/v1/imports')), []);

  const submit = (request: () => Promise<ImportDraft>) => {
    setBusy(true);
    setError(null);
    request()
      .then((draft) => navigate(`/imports/${draft.id}`))
      .catch((failure: unknown) => setError(errorText(failure)))
      .finally(() => setBusy(false));
  };

  const submitText = () => {
    if (!text.trim()) {
      setError(t('import.emptyText'));
      return;
    }
    submit(() => call(api.POST('/api/v1/imports', { body: { text } })));
  };

  const submitFile = (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    submit(() =>
      call(api.POST('/api/v1/imports', { body: { file: file.name }, bodySerializer: () => form })),
    );
  };

  const exportColumns: ExportColumn<ImportSummary>[] = [
    { title: t('plans.col.title'), value: (d) => d.title, width: 50 },
    { title: t('import.col.file'), value: (d) => d.fileName },
    { title: t('import.col.createdAt'), value: (d) => formatTime(d.createdAt, language), width: 22 },
    { title: t('import.col.createdBy'), value: (d) => d.createdBy },
  ];

  return (
    <>
      <Card title={t('import.title')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('import.hint')}</Typography.Paragraph>
        {error ? (
          <Alert
            type="error"
            showIcon
            title={error}
            style={{ marginBottom: 16 }}
            data-testid="import-error"
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
                    autoSize={{ minRows: 12, maxRows: 24 }}
                    data-testid="import-text"
                  />
                  <Button
                    type="primary"
                    style={{ marginTop: 16 }}
                    loading={busy}
                    onClick={submitText}
                    data-testid="import-submit"
                  >
                    {t('import.submit')}
                  </Button>
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
      </Card>
      <Card
        title={t('import.drafts')}
        extra={
          <ExportButton
            fileName={t('import.drafts')}
            sheetName={t('import.drafts')}
            columns={exportColumns}
            rows={drafts.data ?? []}
          />
        }
      >
        <LoadError error={drafts.error} />
        <Table<ImportSummary>
          rowKey="id"
          size="small"
          loading={drafts.loading}
          dataSource={drafts.data ?? []}
          pagination={false}
          data-testid="drafts-table"
          columns={[
            {
              title: t('plans.col.title'),
              dataIndex: 'title',
              render: (title: string, d) => <Link to={`/imports/${d.id}`}>{title || `#${d.id}`}</Link>,
            },
            { title: t('import.col.file'), dataIndex: 'fileName', render: (v: string | null) => v ?? '—' },
            {
              title: t('import.col.createdAt'),
              dataIndex: 'createdAt',
              render: (v: string) => formatTime(v, language),
            },
            {
              title: t('import.col.createdBy'),
              dataIndex: 'createdBy',
              render: (v: string | null) => v ?? '—',
            },
          ]}
        />
      </Card>
    </>
  );
}
