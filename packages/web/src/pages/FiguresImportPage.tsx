import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api } from '../api/client.js';
import { ExportButton } from '../components/ExportButton.js';
import { FigureEntryForm } from '../components/FigureEntryForm.js';
import { RequireRole } from '../components/RequireRole.js';
import { useI18n } from '../i18n/index.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { useErrorText } from '../lib/error-text.js';
import { FIGURE_ROLES, type FigureImportResult, type ImportRowError } from '../lib/indicators.js';
import { ApiError } from '../api/client.js';

type Outcome =
  | { ok: true; result: FigureImportResult; fileName: string }
  | { ok: false; message: string; rows: ImportRowError[]; count: number; fileName: string };

function isRowError(value: unknown): value is ImportRowError {
  return (
    typeof value === 'object' && value !== null && typeof (value as { line?: unknown }).line === 'number'
  );
}

/**
 * Figure entry and import for the statistics officer (and the secretariat, the admin, a unit officer for their
 * unit's indicators): one figure by hand, or a CSV/XLSX file in the published-figures format. An import is all or
 * nothing; when a row is bad, every bad row is listed with its line and why, and nothing is stored.
 */
export default function FiguresImportPage() {
  return (
    <RequireRole roles={FIGURE_ROLES}>
      <FiguresImport />
    </RequireRole>
  );
}

function FiguresImport() {
  const { t, pick } = useI18n();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setOutcome(null);
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      // Not through `call`: a refused import's problem carries the bad rows, which the page lists.
      const { data, error, response } = await api.POST('/api/v1/figures/import', {
        body: form as never,
        bodySerializer: () => form,
      });
      if (response.ok && data) {
        setOutcome({ ok: true, result: data, fileName: file.name });
        return;
      }
      const problem = (error ?? {}) as {
        message?: { zh: string; en: string };
        errors?: unknown[];
        errorCount?: number;
      };
      const rows = (problem.errors ?? []).filter(isRowError);
      setOutcome({
        ok: false,
        message: problem.message
          ? pick(problem.message)
          : errorText(new ApiError(response.status, 'HTTP', null)),
        rows,
        count: problem.errorCount ?? rows.length,
        fileName: file.name,
      });
    } catch (failure) {
      setOutcome({ ok: false, message: errorText(failure), rows: [], count: 0, fileName: file.name });
    } finally {
      setBusy(false);
    }
  };

  const errorColumns: ExportColumn<ImportRowError>[] = [
    { title: t('figures.col.line'), value: (r) => r.line },
    { title: t('figures.col.column'), value: (r) => r.column ?? '' },
    { title: t('figures.col.reason'), value: (r) => pick(r.message), width: 90 },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('figures.importTitle')}>
        <Typography.Paragraph type="secondary">{t('figures.importHint')}</Typography.Paragraph>
        <Space wrap style={{ marginBottom: 16 }}>
          <Button
            icon={<DownloadOutlined />}
            href="/api/v1/figures/template.csv"
            download
            data-testid="template-csv"
          >
            {t('figures.templateCsv')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            href="/api/v1/figures/template.xlsx"
            download
            data-testid="template-xlsx"
          >
            {t('figures.templateXlsx')}
          </Button>
        </Space>
        <Upload.Dragger
          accept=".csv,.xlsx"
          multiple={false}
          showUploadList={false}
          disabled={busy}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
          data-testid="figures-upload"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('figures.uploadHint')}</p>
        </Upload.Dragger>
        {outcome?.ok ? (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 16 }}
            data-testid="figures-imported"
            title={`${outcome.fileName}: ${t('figures.imported', {
              imported: outcome.result.imported,
              revisions: outcome.result.revisions,
            })}`}
          />
        ) : null}
        {outcome && !outcome.ok ? (
          <div style={{ marginTop: 16 }} data-testid="figures-import-failed">
            <Alert
              type="error"
              showIcon
              title={outcome.rows.length ? t('figures.failed', { count: outcome.count }) : outcome.message}
              description={outcome.rows.length ? outcome.message : undefined}
              style={{ marginBottom: 12 }}
            />
            {outcome.rows.length ? (
              <>
                <Space wrap style={{ marginBottom: 8 }}>
                  {outcome.count > outcome.rows.length ? (
                    <Typography.Text type="secondary">
                      {t('figures.errorsMore', { shown: outcome.rows.length, count: outcome.count })}
                    </Typography.Text>
                  ) : null}
                  <ExportButton
                    fileName={`${outcome.fileName}-${t('figures.errorsSheet')}`}
                    sheetName={t('figures.errorsSheet')}
                    columns={errorColumns}
                    rows={outcome.rows}
                  />
                </Space>
                <Table<ImportRowError>
                  rowKey={(r) => `${r.line}-${r.column ?? ''}-${r.message.en}`}
                  size="small"
                  dataSource={outcome.rows}
                  pagination={{ pageSize: 50, hideOnSinglePage: true }}
                  scroll={{ x: 'max-content' }}
                  data-testid="import-errors"
                  columns={[
                    { title: t('figures.col.line'), dataIndex: 'line', width: 72 },
                    { title: t('figures.col.column'), render: (_, r) => r.column ?? '—', width: 100 },
                    { title: t('figures.col.reason'), render: (_, r) => pick(r.message) },
                  ]}
                />
              </>
            ) : null}
          </div>
        ) : null}
      </Card>
      <Card title={t('figures.enterTitle')}>
        <FigureEntryForm />
      </Card>
    </Space>
  );
}
