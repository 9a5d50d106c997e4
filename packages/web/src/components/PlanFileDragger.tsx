import { InboxOutlined } from '@ant-design/icons';
import { Upload } from 'antd';
import { useI18n } from '../i18n/index.js';

/** The accepted plan files: the server's readers detect the real format from the content. */
export const PLAN_FILE_ACCEPT = '.txt,.docx,.html,.htm';

/** A drop zone for one plan document (.txt, .docx, .html); hands the file over instead of uploading it itself. */
export function PlanFileDragger(props: { disabled: boolean; onFile: (file: File) => void }) {
  const { t } = useI18n();
  return (
    <Upload.Dragger
      accept={PLAN_FILE_ACCEPT}
      multiple={false}
      showUploadList={false}
      disabled={props.disabled}
      beforeUpload={(file) => {
        props.onFile(file);
        return false;
      }}
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">{t('import.uploadHint')}</p>
    </Upload.Dragger>
  );
}
