import { FileWordOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, Drawer, Input, Space, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { NoticeAction, NoticeDetail } from '../../api/client.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { supervisionApi } from '../../lib/delivery-api.js';
import { noticeSubject, wordOf } from '../../lib/delivery.js';
import { formatTime } from '../../lib/format.js';
import { useLoad, useNotifyError } from '../../lib/hooks.js';
import { taskHref } from '../../lib/tasks.js';
import { LoadError } from '../LoadError.js';
import { LevelTag, NoticeStateTag } from './NoticeTags.js';

/** Steps whose text the server requires (a reply says what was done; a return says why). */
const TEXT_REQUIRED: Partial<Record<NoticeAction, MessageKey>> = {
  reply: 'notice.replyRequired',
  return: 'notice.returnRequired',
};

/**
 * One notice: what it is about, every step of its life with who and when, and the steps the caller may take now
 * (the server says which: sign, start, reply for the unit; verify, return, close for the secretariat).
 */
export function NoticeDrawer({
  noticeId,
  onClose,
  onChanged,
}: {
  noticeId: number | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t, language, maybe } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const loaded = useLoad(
    () => (noticeId === null ? Promise.resolve(null) : supervisionApi.notice(noticeId)),
    [noticeId],
  );
  const [text, setText] = useState('');
  const [busy, setBusy] = useState<NoticeAction | null>(null);
  const detail: NoticeDetail | null | undefined = loaded.data;
  const notice = detail?.notice;

  const take = (action: NoticeAction) => {
    if (!notice) return;
    const required = TEXT_REQUIRED[action];
    if (required && !text.trim()) {
      void message.warning(t(required));
      return;
    }
    setBusy(action);
    supervisionApi
      .step(notice.id, { action, text: text.trim() || null, version: notice.version })
      .then((next) => {
        loaded.setData(next);
        setText('');
        void message.success(t('notice.done', { action: t(`notice.action.${action}` as MessageKey) }));
        onChanged();
      }, notifyError)
      .finally(() => setBusy(null));
  };

  const actions = detail?.actions ?? [];
  const wantsText = actions.some((a) => a === 'reply' || a === 'return' || a === 'verify' || a === 'close');
  return (
    <Drawer
      open={noticeId !== null}
      onClose={onClose}
      size={640}
      title={notice ? `${notice.documentNumber}` : t('common.loading')}
      extra={
        notice ? (
          <Button
            icon={<FileWordOutlined />}
            href={supervisionApi.documentHref(notice.id)}
            data-testid="notice-word-download"
          >
            {t('notice.word')}
          </Button>
        ) : null
      }
      data-testid="notice-drawer"
      loading={loaded.loading && !detail}
    >
      <LoadError error={loaded.error} />
      {notice ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Space wrap>
            <LevelTag level={notice.level} />
            <NoticeStateTag state={notice.state} />
          </Space>
          <Typography.Paragraph
            strong
            style={{ margin: 0, wordBreak: 'break-word' }}
            data-testid="notice-subject"
          >
            {noticeSubject(t, notice)}
          </Typography.Paragraph>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('notice.unit')}>{notice.unit.name}</Descriptions.Item>
            <Descriptions.Item label={t('notice.rule')}>{wordOf(t, 'rule', notice.rule)}</Descriptions.Item>
            {notice.node ? (
              <Descriptions.Item label={t('notice.task')}>
                <Link to={taskHref(notice.planId, notice.node.id)}>
                  {notice.node.label} {notice.node.title}
                </Link>
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('notice.daysLate')}>{notice.daysLate}</Descriptions.Item>
            <Descriptions.Item label={t('notice.raisedOn')}>{notice.raisedOn}</Descriptions.Item>
            <Descriptions.Item label={t('notice.stepDueOn')}>
              {notice.state === 'closed' ? '—' : (notice.stepDueOn ?? '—')}
            </Descriptions.Item>
            {notice.reply ? (
              <Descriptions.Item label={t('notice.reply')}>
                <span style={{ whiteSpace: 'pre-wrap' }} data-testid="notice-reply">
                  {notice.reply}
                </span>
              </Descriptions.Item>
            ) : null}
          </Descriptions>

          {actions.length ? (
            <Space orientation="vertical" style={{ width: '100%' }} data-testid="notice-actions">
              {wantsText ? (
                <Input.TextArea
                  rows={4}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  maxLength={10_000}
                  placeholder={t(
                    actions.includes('reply') ? 'notice.replyPlaceholder' : 'notice.commentPlaceholder',
                  )}
                  data-testid="notice-text"
                />
              ) : null}
              <Space wrap>
                {actions.map((action) => (
                  <Button
                    key={action}
                    type={action === 'return' ? 'default' : 'primary'}
                    danger={action === 'return'}
                    loading={busy === action}
                    disabled={busy !== null && busy !== action}
                    onClick={() => take(action)}
                    data-testid={`notice-action-${action}`}
                  >
                    {t(`notice.action.${action}` as MessageKey)}
                  </Button>
                ))}
              </Space>
            </Space>
          ) : null}

          <div>
            <Typography.Title level={5}>{t('notice.history')}</Typography.Title>
            <Timeline
              data-testid="notice-history"
              items={(detail?.events ?? []).map((e) => ({
                key: e.id,
                color: e.kind === 'escalated' ? 'red' : e.kind === 'close' ? 'green' : 'blue',
                title: formatTime(e.at, language),
                content: (
                  <div style={{ wordBreak: 'break-word' }}>
                    <Typography.Text strong>{maybe(`notice.event.${e.kind}`) ?? e.kind}</Typography.Text>{' '}
                    {e.fromLevel && e.fromLevel !== e.toLevel ? (
                      <LevelTag level={e.toLevel as 'blue' | 'yellow' | 'red'} />
                    ) : null}
                    <Typography.Text type="secondary">
                      {e.actor || t('notice.system')} · {e.asOf}
                    </Typography.Text>
                    {e.comment ? <div style={{ whiteSpace: 'pre-wrap' }}>{e.comment}</div> : null}
                  </div>
                ),
              }))}
            />
          </div>
        </Space>
      ) : null}
    </Drawer>
  );
}
