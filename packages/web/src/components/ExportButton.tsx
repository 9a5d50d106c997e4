import { DownloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n/index.js';
import { exportToXlsx, type ExportColumn } from '../lib/export-xlsx.js';
import { useNotifyError } from '../lib/hooks.js';

export interface ExportButtonProps<Row> {
  fileName: string;
  sheetName: string;
  columns: ExportColumn<Row>[];
  /** The rows, or how to read them when the button is pressed (every page of a paged list). */
  rows: Row[] | (() => Promise<Row[]>);
}

/** The "导出Excel" button every table carries. */
export function ExportButton<Row>({ fileName, sheetName, columns, rows }: ExportButtonProps<Row>) {
  const { t } = useI18n();
  const notifyError = useNotifyError();
  const [busy, setBusy] = useState(false);
  const onClick = () => {
    setBusy(true);
    (typeof rows === 'function' ? rows() : Promise.resolve(rows))
      .then((all) => exportToXlsx(fileName, sheetName, columns, all))
      .catch(notifyError)
      .finally(() => setBusy(false));
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={onClick} data-testid="export-xlsx">
      {t('common.export')}
    </Button>
  );
}
