import { App, Button, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useNotifyError } from '../../lib/hooks.js';

/**
 * The secretariat's decision on a submitted work plan, change request or report: approve (a comment optional) or
 * return with the reason, which the unit sees beside its submission.
 */
export function ReviewButtons({
  decide,
  onDone,
  approveLabel,
  size = 'middle',
}: {
  decide: (decision: 'approve' | 'return', comment: string | undefined) => Promise<unknown>;
  onDone: () => void;
  approveLabel?: string;
  size?: 'small' | 'middle';
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [mode, setMode] = useState<'approve' | 'return' | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);

  const confirm = () => {
    if (mode === null) return;
    if (mode === 'return' && !comment.trim()) {
      void message.warning(t('review.reasonRequired'));
      return;
    }
    setBusy(true);
    decide(mode, comment.trim() || undefined)
      .then(() => {
        void message.success(t(mode === 'approve' ? 'workPlan.approved' : 'workPlan.returned'));
        setMode(null);
        setComment('');
        onDone();
      }, notifyError)
      .finally(() => setBusy(false));
  };

  return (
    <>
      <Space size={4} wrap>
        <Button size={size} type="primary" onClick={() => setMode('approve')} data-testid="review-approve">
          {approveLabel ?? t('workPlan.approve')}
        </Button>
        <Button size={size} danger onClick={() => setMode('return')} data-testid="review-return">
          {t('workPlan.return')}
        </Button>
      </Space>
      <Modal
        open={mode !== null}
        title={mode === 'return' ? t('review.returnTitle') : t('review.approveTitle')}
        onCancel={() => setMode(null)}
        onOk={confirm}
        okButtonProps={{ loading: busy, danger: mode === 'return', 'data-testid': 'review-confirm' }}
        data-testid="review-modal"
      >
        <Input.TextArea
          rows={4}
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          placeholder={mode === 'return' ? t('review.reasonPlaceholder') : t('review.commentPlaceholder')}
          data-testid="review-comment-input"
        />
      </Modal>
    </>
  );
}
