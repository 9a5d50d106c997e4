import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import {
  ApiError,
  uploadFile,
  type Evidence,
  type LiveMilestone,
  type ReportDetail,
  type ReportMilestone,
} from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { deliveryApi } from '../../lib/delivery-api.js';
import { MILESTONE_STATES, wordOf, type MilestoneState } from '../../lib/delivery.js';
import { useNotifyError } from '../../lib/hooks.js';
import { ExampleTag } from '../ExampleTag.js';
import { StatusTag } from './WorkPlanView.js';

interface Values {
  progress: string;
  problems: string;
  nextSteps: string;
  percent: number | null;
  milestones: Record<number, { state: MilestoneState; percent: number }>;
}

/**
 * The milestones a report speaks of: those it already holds, then the live milestones of the unit's approved work
 * plan it does not hold yet (a new report starts from their last reported state).
 */
function reportMilestones(report: ReportDetail, live: readonly LiveMilestone[]): ReportMilestone[] {
  const held = new Set(report.milestones.map((m) => m.milestoneId));
  return [
    ...report.milestones,
    ...live
      .filter((m) => !m.retired && !held.has(m.id))
      .map((m) => ({
        milestoneId: m.id,
        key: m.key,
        title: m.title,
        dueDate: m.dueDate,
        weight: m.weight,
        state: m.state,
        percent: m.percent,
        completedOn: m.completedOn,
      })),
  ];
}

const toValues = (r: ReportDetail): Values => ({
  progress: r.progress,
  problems: r.problems,
  nextSteps: r.nextSteps,
  percent: r.percent,
  milestones: Object.fromEntries(
    r.milestones.map((m) => [m.milestoneId, { state: m.state, percent: m.percent }]),
  ),
});

/** Evidence of a report, each a download (the server sends it as an attachment with a safe type). */
export function EvidenceList({ reportId, files }: { reportId: number; files: Evidence[] }) {
  const { t } = useI18n();
  if (files.length === 0) return <Typography.Text type="secondary">{t('report.noEvidence')}</Typography.Text>;
  return (
    <Space orientation="vertical" size={2} data-testid="evidence-list">
      {files.map((f) => (
        <a
          key={f.id}
          href={deliveryApi.evidenceHref(reportId, f.id)}
          download={f.fileName}
          data-testid="evidence-link"
        >
          <PaperClipOutlined /> {f.fileName}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            ({Math.max(1, Math.round(f.size / 1024))} KB)
          </Typography.Text>
        </a>
      ))}
    </Space>
  );
}

/**
 * The lead unit's progress report for one period: each milestone's state and percent, the overall percent,
 * 进展情况 / 存在问题 / 下步计划 and evidence files. Saving checks the version read: when someone else saved in
 * between, the server answers 409 and the form shows their version beside the user's text, which stays in the form
 * until the user chooses what to keep.
 */
export function ReportEditor({
  report: initial,
  liveMilestones = [],
  editable,
  onChanged,
  onClose,
  review,
}: {
  report: ReportDetail;
  /** The live milestones of the unit's approved work plan, for a report that does not hold them all yet. */
  liveMilestones?: readonly LiveMilestone[];
  editable: boolean;
  onChanged: (report: ReportDetail) => void;
  onClose: () => void;
  /** The secretariat's accept / return buttons, shown for a submitted report. */
  review?: (report: ReportDetail) => React.ReactNode;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [report, setReport] = useState(() => ({
    ...initial,
    milestones: reportMilestones(initial, liveMilestones),
  }));
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState<'save' | 'submit' | 'upload' | null>(null);
  const [conflict, setConflict] = useState<ReportDetail | null>(null);
  const canEdit = editable && (report.status === 'draft' || report.status === 'returned');

  const body = (values: Values, version: number) => ({
    version,
    ...(values.percent !== null && values.percent !== undefined ? { percent: values.percent } : {}),
    progress: values.progress ?? '',
    problems: values.problems ?? '',
    nextSteps: values.nextSteps ?? '',
    milestones: report.milestones.map((m) => ({
      milestoneId: m.milestoneId,
      state: values.milestones?.[m.milestoneId]?.state ?? m.state,
      percent: values.milestones?.[m.milestoneId]?.percent ?? m.percent,
    })),
  });

  const save = async (submit: boolean) => {
    const values = form.getFieldsValue(true) as Values;
    setBusy(submit ? 'submit' : 'save');
    try {
      let next = await deliveryApi.saveReport(report.id, body(values, report.version));
      if (submit) next = await deliveryApi.submitReport(next.id, next.version);
      next = { ...next, milestones: reportMilestones(next, liveMilestones) };
      setReport(next);
      setConflict(null);
      onChanged(next);
      void message.success(t(submit ? 'report.submittedNow' : 'common.saved'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        // Someone saved first: show theirs, keep ours in the form.
        const current = await deliveryApi.report(report.id).catch(() => null);
        setConflict(current);
        notifyError(error);
      } else notifyError(error);
    } finally {
      setBusy(null);
    }
  };

  /** Keep the user's text and take the current version as the one read, so the next save replaces it knowingly. */
  const keepMine = () => {
    if (!conflict) return;
    setReport({ ...conflict, milestones: report.milestones });
    setConflict(null);
  };
  const takeTheirs = () => {
    if (!conflict) return;
    const theirs = { ...conflict, milestones: reportMilestones(conflict, liveMilestones) };
    setReport(theirs);
    form.setFieldsValue(toValues(theirs));
    setConflict(null);
  };

  const upload = (file: File) => {
    setBusy('upload');
    uploadFile<Evidence>(deliveryApi.evidenceUrl(report.id), file, file.name)
      .then((added) => {
        const next = { ...report, evidence: [...report.evidence, added] };
        setReport(next);
        onChanged(next);
        void message.success(t('report.uploaded', { name: file.name }));
      }, notifyError)
      .finally(() => setBusy(null));
    return false;
  };

  const milestoneColumns = [
    {
      title: t('milestone.title'),
      dataIndex: 'title',
      render: (v: string) => <span style={{ whiteSpace: 'normal' }}>{v}</span>,
    },
    { title: t('milestone.dueDate'), dataIndex: 'dueDate', width: 110 },
    {
      title: t('milestone.state'),
      key: 'state',
      width: 130,
      render: (_: unknown, m: ReportMilestone) =>
        canEdit ? (
          <Form.Item name={['milestones', m.milestoneId, 'state']} noStyle>
            <Select
              style={{ width: 110 }}
              data-testid="report-milestone-state"
              options={MILESTONE_STATES.map((s) => ({ value: s, label: wordOf(t, 'milestone', s) }))}
            />
          </Form.Item>
        ) : (
          wordOf(t, 'milestone', m.state)
        ),
    },
    {
      title: t('milestone.percent'),
      key: 'percent',
      width: 110,
      render: (_: unknown, m: ReportMilestone) =>
        canEdit ? (
          <Form.Item name={['milestones', m.milestoneId, 'percent']} noStyle>
            <InputNumber
              min={0}
              max={100}
              suffix="%"
              style={{ width: 90 }}
              data-testid="report-milestone-percent"
            />
          </Form.Item>
        ) : (
          `${m.percent}%`
        ),
    },
  ];

  return (
    <Drawer
      open
      size={760}
      onClose={onClose}
      title={
        <Space wrap size={6}>
          <span>{t('report.title', { period: report.period })}</span>
          <StatusTag prefix="reportStatus" status={report.status} />
          <ExampleTag show={report.example} />
        </Space>
      }
      data-testid="report-editor"
      extra={review && report.status === 'submitted' ? review(report) : null}
      footer={
        canEdit ? (
          <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
            <Button
              onClick={() => void save(false)}
              loading={busy === 'save'}
              disabled={busy !== null && busy !== 'save'}
              data-testid="report-save"
            >
              {t('common.save')}
            </Button>
            <Button
              type="primary"
              onClick={() => void save(true)}
              loading={busy === 'submit'}
              disabled={busy !== null && busy !== 'submit'}
              data-testid="report-submit"
            >
              {t('report.submit')}
            </Button>
          </Space>
        ) : null
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('report.unit')}>{report.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('report.dueDate')}>
            <span data-testid="report-due">{report.dueDate}</span>
          </Descriptions.Item>
          {report.submittedOn ? (
            <Descriptions.Item label={t('report.submittedOn')}>
              {report.submittedOn}{' '}
              {report.late ? <Typography.Text type="danger">{t('report.late')}</Typography.Text> : null}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        {report.reviewComment ? (
          <Alert
            type={report.status === 'returned' ? 'warning' : 'success'}
            showIcon
            title={t('workPlan.reviewComment')}
            description={report.reviewComment}
            data-testid="report-review-comment"
          />
        ) : null}
        {conflict ? (
          <Alert
            type="error"
            showIcon
            data-testid="report-conflict"
            title={t('report.conflict', { version: conflict.version })}
            description={
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Descriptions size="small" column={1} bordered data-testid="report-conflict-current">
                  <Descriptions.Item label={t('report.progress')}>
                    <span style={{ whiteSpace: 'pre-wrap' }}>{conflict.progress || '—'}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('report.problems')}>
                    <span style={{ whiteSpace: 'pre-wrap' }}>{conflict.problems || '—'}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('report.nextSteps')}>
                    <span style={{ whiteSpace: 'pre-wrap' }}>{conflict.nextSteps || '—'}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('report.percent')}>{conflict.percent}%</Descriptions.Item>
                </Descriptions>
                <Space wrap>
                  <Button type="primary" onClick={keepMine} data-testid="conflict-keep-mine">
                    {t('report.keepMine')}
                  </Button>
                  <Button onClick={takeTheirs} data-testid="conflict-take-theirs">
                    {t('report.takeTheirs')}
                  </Button>
                </Space>
              </Space>
            }
          />
        ) : null}
        <Form<Values> form={form} layout="vertical" initialValues={toValues(report)} disabled={!canEdit}>
          {report.milestones.length ? (
            <Table<ReportMilestone>
              rowKey="milestoneId"
              size="small"
              pagination={false}
              dataSource={report.milestones}
              columns={milestoneColumns}
              scroll={{ x: 'max-content' }}
              style={{ marginBottom: 12 }}
              data-testid="report-milestones"
            />
          ) : (
            <Alert type="info" showIcon title={t('report.noMilestones')} style={{ marginBottom: 12 }} />
          )}
          <Form.Item name="percent" label={t('report.percent')} extra={t('report.percentHint')}>
            <InputNumber min={0} max={100} suffix="%" style={{ width: 140 }} data-testid="report-percent" />
          </Form.Item>
          <Form.Item name="progress" label={t('report.progress')}>
            <Input.TextArea
              rows={4}
              maxLength={20_000}
              data-testid="report-progress"
              placeholder={t('report.progressPlaceholder')}
            />
          </Form.Item>
          <Form.Item name="problems" label={t('report.problems')}>
            <Input.TextArea rows={3} maxLength={20_000} data-testid="report-problems" />
          </Form.Item>
          <Form.Item name="nextSteps" label={t('report.nextSteps')}>
            <Input.TextArea rows={3} maxLength={20_000} data-testid="report-next-steps" />
          </Form.Item>
        </Form>
        <div>
          <Typography.Title level={5}>{t('task.tab.evidence')}</Typography.Title>
          <EvidenceList reportId={report.id} files={report.evidence} />
          {canEdit ? (
            <div style={{ marginTop: 8 }}>
              <Upload beforeUpload={upload} showUploadList={false} data-testid="evidence-upload">
                <Button icon={<UploadOutlined />} loading={busy === 'upload'}>
                  {t('report.upload')}
                </Button>
              </Upload>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('report.uploadHint')}
                </Typography.Text>
              </div>
            </div>
          ) : null}
        </div>
        {report.contributions.length ? (
          <div data-testid="contributions">
            <Typography.Title level={5}>{t('report.contributions')}</Typography.Title>
            {report.contributions.map((c) => (
              <Descriptions
                key={c.id}
                size="small"
                bordered
                column={1}
                style={{ marginBottom: 8 }}
                title={
                  <Space size={4}>
                    {c.unitName}
                    <StatusTag prefix="reportStatus" status={c.status} />
                    <ExampleTag show={c.example} />
                  </Space>
                }
              >
                <Descriptions.Item label={t('report.progress')}>{c.progress || '—'}</Descriptions.Item>
                <Descriptions.Item label={t('report.problems')}>{c.problems || '—'}</Descriptions.Item>
                <Descriptions.Item label={t('report.nextSteps')}>{c.nextSteps || '—'}</Descriptions.Item>
              </Descriptions>
            ))}
          </div>
        ) : null}
        {report.events.length ? (
          <div>
            <Typography.Title level={5}>{t('report.history')}</Typography.Title>
            {report.events.map((e, i) => (
              <div key={i} style={{ fontSize: 12 }}>
                <Typography.Text type="secondary">
                  {e.at.slice(0, 16).replace('T', ' ')} · {e.actor ?? t('notice.system')} ·{' '}
                  {wordOf(t, 'reportEvent', e.action)}
                </Typography.Text>
                {e.comment ? `：${e.comment}` : ''}
              </div>
            ))}
          </div>
        ) : null}
      </Space>
    </Drawer>
  );
}
