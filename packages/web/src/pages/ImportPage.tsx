import { Alert, Button, Card, Input, Table, Tabs, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { api, call, type ImportSummary } from '../api/client.js';
import { ExportButton } from '../components/ExportButton.js';
import { LoadError } from '../components/LoadError.js';
import { PlanFileDragger } from '../components/PlanFileDragger.js';
import { useI18n } from '../i18n/index.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { formatTime } from '../lib/format.js';
import { loadAllPages, usePagedList } from '../lib/paging.js';
import { LoadMore } from '../components/LoadMore.js';
import { usePlanDocument } from '../lib/use-plan-document.js';

export default function ImportPage() {
  const { t, language } = useI18n();
  const navigate = useNavigate();
  const drafts = usePagedList(
    (cursor) => call(api.GET('/api/v1/imports', { params: { query: { cursor } } })),
    [],
  );
  const { text, setText, error, busy, submitText, submitFile } = usePlanDocument(
    (document) =>
      'form' in document
        ? call(
            api.POST('/api/v1/imports', {
              body: { file: document.file.name },
              bodySerializer: () => document.form,
            }),
          )
        : call(api.POST('/api/v1/imports', { body: { text: document.text } })),
    (draft) => void navigate(`/imports/${draft.id}`),
  );

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
            rows={() =>
              loadAllPages((cursor) =>
                call(api.GET('/api/v1/imports', { params: { query: { limit: 200, cursor } } })),
              )
            }
          />
        }
      >
        <LoadError error={drafts.error} />
        <Table<ImportSummary>
          rowKey="id"
          size="small"
          loading={drafts.loading}
          dataSource={drafts.items}
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
        <LoadMore list={drafts} />
      </Card>
    </>
  );
}
