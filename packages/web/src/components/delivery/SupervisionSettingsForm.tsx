import { DeleteOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Col,
  Descriptions,
  Divider,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api, call, type SupervisionSettings } from '../../api/client.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { supervisionApi } from '../../lib/delivery-api.js';
import { LEVELS, wordOf } from '../../lib/delivery.js';
import { formatTime } from '../../lib/format.js';
import { useLoad, useNotifyError } from '../../lib/hooks.js';
import {
  DEFAULTS,
  INDICATOR_STATUSES,
  LATENESS_RULES,
  NO_NOTICE,
  SECRETARIAT,
  TIMED_STATES,
  settingsProblem,
  settingsToValues,
  thresholdsToValues,
  valuesToBody,
  type SettingsValues,
} from '../../lib/supervision-settings.js';
import { LoadError } from '../LoadError.js';
import { Loading } from '../Loading.js';

/** Problems the server found, by form field (`thresholds.milestoneOverdue.blue`) or rule (`thresholds.noUpdate`). */
type Problems = Record<string, string>;

const Section = ({ title, hint, children }: { title: string; hint: string; children: React.ReactNode }) => (
  <div style={{ marginBottom: 8 }}>
    <Typography.Title level={5} style={{ marginBottom: 2 }}>
      {title}
    </Typography.Title>
    <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
      {hint}
    </Typography.Paragraph>
    {children}
  </div>
);

/** One whole number of days, with the default beside it and the server's problem under it. */
function DaysField({
  name,
  label,
  min,
  max,
  fallback,
  problems,
}: {
  name: [string, string, string];
  label: string;
  min: number;
  max: number;
  fallback: number;
  problems: Problems;
}) {
  const { t } = useI18n();
  const field = name.join('.');
  const rule = name.slice(0, 2).join('.');
  const own = problems[field];
  return (
    <Form.Item
      name={name}
      label={label}
      extra={t('supSettings.default', { value: fallback })}
      validateStatus={own || problems[rule] ? 'error' : undefined}
      help={own}
      style={{ marginBottom: 8 }}
    >
      <InputNumber
        min={min}
        max={max}
        precision={0}
        suffix={t('supSettings.days')}
        style={{ width: '100%' }}
        data-testid={`settings-${name[1]}-${name[2]}`}
      />
    </Form.Item>
  );
}

/** A rule's problem with the order of its days, under its fields. */
const RuleProblem = ({ rule, problems }: { rule: string; problems: Problems }) =>
  problems[`thresholds.${rule}`] ? (
    <Typography.Text type="danger" data-testid={`settings-error-${rule}`}>
      {problems[`thresholds.${rule}`]}
    </Typography.Text>
  ) : null;

/** The settings as they stand now, beside the user's unsaved edit after a version conflict. */
function CurrentSettings({ settings }: { settings: SupervisionSettings }) {
  const { t, language } = useI18n();
  const list = (items: string[]) => items.join(language === 'zh' ? '，' : ', ');
  const th = settings.thresholds;
  const triple = (a: number, b: number, c: number) =>
    t('supSettings.daysTriple', { blue: a, yellow: b, red: c });
  return (
    <Descriptions size="small" column={1} bordered data-testid="settings-conflict-current">
      {LATENESS_RULES.map((r) => (
        <Descriptions.Item key={r} label={t(`supSettings.${r}`)}>
          {triple(th[r].blue, th[r].yellow, th[r].red)}
        </Descriptions.Item>
      ))}
      <Descriptions.Item label={t('supSettings.noUpdate')}>
        {triple(th.noUpdate.quietDays, th.noUpdate.yellow, th.noUpdate.red)}
      </Descriptions.Item>
      <Descriptions.Item label={t('supSettings.stepDays')}>
        {list(TIMED_STATES.map((s) => `${t(`supSettings.step.${s}`)} ${th.stepDays[s]}`))}
      </Descriptions.Item>
      <Descriptions.Item label={t('supSettings.contact')}>
        {settings.contact
          ? `${settings.contact.name} ${settings.contact.phone}`
          : t('supSettings.contactDefault')}
      </Descriptions.Item>
      <Descriptions.Item label={t('supSettings.recipients')}>
        {list(settings.recipients.map((r) => r.email)) || '—'}
      </Descriptions.Item>
    </Descriptions>
  );
}

/**
 * 督办规则设置: a plan's thresholds for each rule, the time allowed for each step of a notice, who the Word notice
 * names as 联系人, and who hears of notices by e-mail. The server checks the thresholds (each rule's days may not
 * decrease from blue to red); its problems show beside the fields they concern, in the user's language. Saving
 * sends the version read: when someone saved in between, the current settings show beside the user's edit, which
 * stays in the form until the user chooses. The parent keys it by plan, so another plan's settings start a new form.
 */
export function SupervisionSettingsForm({ planId }: { planId: number }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<SettingsValues>();
  const loaded = useLoad(() => supervisionApi.settings(planId), [planId]);
  const units = useLoad(
    () => call(api.GET('/api/v1/plans/{id}/units', { params: { path: { id: planId } } })),
    [planId],
  );
  const [problems, setProblems] = useState<Problems>({});
  const [conflict, setConflict] = useState<SupervisionSettings | null>(null);
  const [saving, setSaving] = useState(false);
  const settings = loaded.data;
  const top = useRef<HTMLDivElement>(null);
  // The form is long: bring what the server said into view, the first problem or the conflict.
  useEffect(() => {
    const first = conflict
      ? top.current?.querySelector('[data-testid=settings-conflict]')
      : top.current?.querySelector('.ant-form-item-has-error, [data-testid^=settings-error-]');
    first?.scrollIntoView({ block: conflict ? 'start' : 'center', behavior: 'smooth' });
  }, [problems, conflict]);

  if (loaded.error) return <LoadError error={loaded.error} />;
  if (!settings) return <Loading />;

  const save = async () => {
    let values: SettingsValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const next = await supervisionApi.saveSettings(planId, valuesToBody(values, settings.version));
      loaded.setData(next);
      setConflict(null);
      setProblems({});
      void message.success(t('supSettings.saved'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        // The alert says what happened and offers the choice; the server's "reload and start again" would not.
        const current = await supervisionApi.settings(planId).catch(() => null);
        if (current) setConflict(current);
        else notifyError(error);
      } else if (error instanceof ApiError && error.fields.length > 0) {
        const found: Problems = {};
        for (const p of error.fields) {
          const { field, key } = settingsProblem(p);
          found[field] ??= key ? t(key) : p.message;
        }
        setProblems(found);
        void message.error(t('supSettings.invalid'));
      } else notifyError(error);
    } finally {
      setSaving(false);
    }
  };
  /** Keep the user's edit and take the current version as the one read, so the next save replaces it knowingly. */
  const keepMine = () => {
    if (!conflict) return;
    loaded.setData({ ...settings, version: conflict.version, updatedAt: conflict.updatedAt });
    setConflict(null);
  };
  const takeTheirs = () => {
    if (!conflict) return;
    form.setFieldsValue(settingsToValues(conflict));
    loaded.setData(conflict);
    setConflict(null);
  };
  const restoreDefaults = () => {
    form.setFieldsValue({ thresholds: thresholdsToValues(DEFAULTS) });
    setProblems({});
    void message.info(t('supSettings.restored'));
  };

  const unitOptions = [
    { value: SECRETARIAT, label: t('supSettings.recipientAll') },
    ...(units.data ?? []).map((u) => ({ value: u.unit.id, label: u.unit.name })),
  ];
  const levelOptions = [
    { value: NO_NOTICE, label: t('supSettings.noNotice') },
    ...[...LEVELS].reverse().map((l) => ({ value: l, label: wordOf(t, 'level', l) })),
  ];
  const third = { xs: 8, sm: 8, md: 6, lg: 5 };

  return (
    <div data-testid="supervision-settings" ref={top}>
      <Space wrap size={[8, 4]} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('supSettings.intro')}</Typography.Text>
        {settings.version === 0 ? (
          <Tag color="orange" data-testid="settings-defaults">
            {t('supSettings.usingDefaults')}
          </Tag>
        ) : (
          <Tag data-testid="settings-version">
            {t('supSettings.version', {
              version: settings.version,
              time: settings.updatedAt ? formatTime(settings.updatedAt, language) : '—',
            })}
          </Tag>
        )}
      </Space>
      {conflict ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="settings-conflict"
          title={t('supSettings.conflict', { version: conflict.version })}
          description={
            <Space orientation="vertical" style={{ width: '100%' }}>
              <CurrentSettings settings={conflict} />
              <Space wrap>
                <Button type="primary" onClick={keepMine} data-testid="conflict-keep-mine">
                  {t('supSettings.keepMine')}
                </Button>
                <Button onClick={takeTheirs} data-testid="conflict-take-theirs">
                  {t('supSettings.takeTheirs')}
                </Button>
              </Space>
            </Space>
          }
        />
      ) : null}
      <Form<SettingsValues>
        form={form}
        layout="vertical"
        initialValues={settingsToValues(settings)}
        onValuesChange={() => Object.keys(problems).length && setProblems({})}
      >
        {LATENESS_RULES.map((rule) => (
          <Section key={rule} title={t(`supSettings.${rule}`)} hint={t(`supSettings.${rule}Hint`)}>
            <Row gutter={12}>
              {(['blue', 'yellow', 'red'] as const).map((l) => (
                <Col key={l} {...third}>
                  <DaysField
                    name={['thresholds', rule, l]}
                    label={t(`supSettings.${l}`)}
                    min={0}
                    max={3650}
                    fallback={DEFAULTS[rule][l]}
                    problems={problems}
                  />
                </Col>
              ))}
            </Row>
            <RuleProblem rule={rule} problems={problems} />
          </Section>
        ))}
        <Section title={t('supSettings.noUpdate')} hint={t('supSettings.noUpdateHint')}>
          <Row gutter={12}>
            {(['quietDays', 'yellow', 'red'] as const).map((k) => (
              <Col key={k} {...third}>
                <DaysField
                  name={['thresholds', 'noUpdate', k]}
                  label={t(k === 'quietDays' ? 'supSettings.quietDays' : `supSettings.${k}`)}
                  min={k === 'quietDays' ? 1 : 0}
                  max={3650}
                  fallback={DEFAULTS.noUpdate[k]}
                  problems={problems}
                />
              </Col>
            ))}
          </Row>
          <RuleProblem rule="noUpdate" problems={problems} />
        </Section>
        <Section title={t('supSettings.indicatorOffTrack')} hint={t('supSettings.indicatorOffTrackHint')}>
          <Row gutter={12}>
            {INDICATOR_STATUSES.map((s) => (
              <Col key={s} xs={12} sm={8} md={6} lg={4}>
                <Form.Item
                  name={['thresholds', 'indicatorOffTrack', s]}
                  label={t(`status.${s}` as MessageKey)}
                  extra={t('supSettings.default', {
                    value: DEFAULTS.indicatorOffTrack[s]
                      ? wordOf(t, 'level', DEFAULTS.indicatorOffTrack[s])
                      : t('supSettings.noNotice'),
                  })}
                  style={{ marginBottom: 8 }}
                >
                  <Select options={levelOptions} data-testid={`settings-indicator-${s}`} />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Section>
        <Section title={t('supSettings.stepDays')} hint={t('supSettings.stepDaysHint')}>
          <Row gutter={12}>
            {TIMED_STATES.map((s) => (
              <Col key={s} xs={12} sm={8} md={6} lg={4}>
                <DaysField
                  name={['thresholds', 'stepDays', s]}
                  label={t(`supSettings.step.${s}`)}
                  min={1}
                  max={365}
                  fallback={DEFAULTS.stepDays[s]}
                  problems={problems}
                />
              </Col>
            ))}
          </Row>
        </Section>
        <Divider style={{ margin: '8px 0 16px' }} />
        <Section title={t('supSettings.contact')} hint={t('supSettings.contactHint')}>
          <Row gutter={12}>
            <Col xs={24} sm={12} md={8}>
              <Form.Item
                name="contactName"
                label={t('supSettings.contactName')}
                validateStatus={problems.contactName ? 'error' : undefined}
                help={problems.contactName}
                dependencies={['contactPhone']}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_, v: string | undefined) =>
                      !v?.trim() !== !String(getFieldValue('contactPhone') ?? '').trim()
                        ? Promise.reject(new Error(t('supSettings.contactBoth')))
                        : Promise.resolve(),
                  }),
                ]}
              >
                <Input
                  maxLength={50}
                  placeholder={t('supSettings.contactNamePlaceholder')}
                  data-testid="settings-contact-name"
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item
                name="contactPhone"
                label={t('supSettings.contactPhone')}
                validateStatus={problems.contactPhone ? 'error' : undefined}
                help={problems.contactPhone}
              >
                <Input
                  maxLength={50}
                  placeholder={t('supSettings.contactPhonePlaceholder')}
                  data-testid="settings-contact-phone"
                />
              </Form.Item>
            </Col>
          </Row>
        </Section>
        <Section title={t('supSettings.recipients')} hint={t('supSettings.recipientsHint')}>
          <Form.List name="recipients">
            {(fields, { add, remove }) => (
              <div data-testid="settings-recipients">
                {fields.length === 0 ? (
                  <Typography.Paragraph type="secondary">
                    {t('supSettings.noRecipients')}
                  </Typography.Paragraph>
                ) : null}
                {fields.map((f) => (
                  <Row key={f.key} gutter={8} wrap={false} style={{ marginBottom: 4 }} align="top">
                    <Col flex="auto">
                      <Row gutter={8}>
                        <Col xs={24} sm={10}>
                          <Form.Item name={[f.name, 'unitId']} style={{ marginBottom: 4 }}>
                            <Select
                              showSearch={{ optionFilterProp: 'label' }}
                              options={unitOptions}
                              aria-label={t('supSettings.recipientUnit')}
                              data-testid="settings-recipient-unit"
                            />
                          </Form.Item>
                        </Col>
                        <Col xs={24} sm={14}>
                          <Form.Item
                            name={[f.name, 'email']}
                            style={{ marginBottom: 4 }}
                            validateStatus={problems[`recipients.${f.name}.email`] ? 'error' : undefined}
                            help={problems[`recipients.${f.name}.email`]}
                            rules={[{ required: true, type: 'email', message: t('supSettings.error.email') }]}
                          >
                            <Input
                              type="email"
                              maxLength={320}
                              placeholder={t('supSettings.recipientEmail')}
                              data-testid="settings-recipient-email"
                            />
                          </Form.Item>
                        </Col>
                      </Row>
                    </Col>
                    <Col flex="none">
                      <Button
                        type="text"
                        icon={<DeleteOutlined />}
                        aria-label={t('common.delete')}
                        onClick={() => remove(f.name)}
                        data-testid="settings-recipient-remove"
                      />
                    </Col>
                  </Row>
                ))}
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ unitId: SECRETARIAT, email: '' })}
                  data-testid="settings-recipient-add"
                >
                  {t('supSettings.addRecipient')}
                </Button>
              </div>
            )}
          </Form.List>
        </Section>
        <Divider style={{ margin: '8px 0 16px' }} />
        <Space wrap>
          <Button type="primary" onClick={() => void save()} loading={saving} data-testid="settings-save">
            {t('supSettings.save')}
          </Button>
          <Button icon={<UndoOutlined />} onClick={restoreDefaults} data-testid="settings-restore">
            {t('supSettings.restore')}
          </Button>
        </Space>
      </Form>
    </div>
  );
}
