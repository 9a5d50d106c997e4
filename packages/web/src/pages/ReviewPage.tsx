import { App, Card, Col, Row, Space, Tabs } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, call, type DraftCorrection, type ImportDraft, type TargetInput } from '../api/client.js';
import { LoadError } from '../components/LoadError.js';
import { PlanChanges } from '../components/PlanChanges.js';
import { SourceText } from '../components/SourceText.js';
import { DiagnosticsTab } from '../components/review/DiagnosticsTab.js';
import { DraftMeta, type MetaValues } from '../components/review/DraftMeta.js';
import { DraftTargetsTab, TargetEditor } from '../components/review/DraftTargetsTab.js';
import { DraftTreeTab, type NodeForm } from '../components/review/DraftTreeTab.js';
import { ReviewHeader } from '../components/review/ReviewHeader.js';
import { UnitResolutionTab } from '../components/review/UnitResolutionTab.js';
import { indexNodes } from '../components/review/types.js';
import { useI18n } from '../i18n/index.js';
import { fromDeadlineForm, sameDeadline } from '../lib/deadlines.js';
import { areaChain, flattenAreas } from '../lib/areas.js';
import { useLoad, useNotifyError } from '../lib/hooks.js';
import { loadAllUnits } from '../lib/units.js';

/**
 * Reviewing an import draft before it becomes a plan (or a plan's next version): its metadata and jurisdiction,
 * items, targets, unit names and the importer's notes, beside the source text.
 */
export default function ReviewPage() {
  const { id } = useParams();
  const importId = Number(id);
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const notifyError = useNotifyError();
  const navigate = useNavigate();
  const loaded = useLoad(
    () => call(api.GET('/api/v1/imports/{id}', { params: { path: { id: importId } } })),
    [importId],
  );
  const units = useLoad(loadAllUnits, []);
  const areas = useLoad(() => call(api.GET('/api/v1/areas')), []);
  // A re-import is reviewed against the plan's current version: its title and version number.
  const revisedPlanId = loaded.data?.planId ?? null;
  const currentPlan = useLoad(
    () =>
      revisedPlanId === null
        ? Promise.resolve(null)
        : call(api.GET('/api/v1/plans/{id}', { params: { path: { id: revisedPlanId } } })),
    [revisedPlanId],
  );
  const [selected, setSelected] = useState<string | null>(null);
  const [highlight, setHighlight] = useState<readonly number[] | null>(null);
  const [mappings, setMappings] = useState<Record<string, number | undefined>>({});
  const [editingTarget, setEditingTarget] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  const record = loaded.data;
  const draft = record?.draft;
  const nodesByPath = useMemo(() => indexNodes(draft?.nodes ?? []), [draft]);
  const tasksWithLead = useMemo(
    () => [...nodesByPath.values()].filter((n) => n.leadUnits.length > 0).length,
    [nodesByPath],
  );
  // Names resolve within the draft's jurisdiction and those above it: only those units are offered.
  const eligibleUnits = useMemo(() => {
    const chain = new Set(areaChain(flattenAreas(areas.data ?? []), record?.area?.id));
    return (units.data ?? []).filter((u) => u.area && chain.has(u.area.id));
  }, [units.data, areas.data, record]);
  const unitOptions = useMemo(() => {
    const names = new Set<string>();
    for (const unit of eligibleUnits) {
      names.add(unit.name);
      for (const alias of unit.aliases) names.add(alias);
    }
    for (const name of draft?.units ?? []) names.add(name);
    for (const name of draft?.supportUnits ?? []) names.add(name);
    return [...names].map((name) => ({ value: name, label: name }));
  }, [eligibleUnits, draft]);

  if (!record || !draft) {
    return (
      <Card loading={loaded.loading}>
        <LoadError error={loaded.error} />
      </Card>
    );
  }

  const isDraft = record.status === 'draft';
  const saved = (next: ImportDraft) => {
    loaded.setData(next);
    void message.success(t('common.saved'));
  };
  const select = (path: string) => {
    setSelected(path);
    const node = nodesByPath.get(path);
    if (node) setHighlight(node.span);
  };
  const saveNode = ({ deadline, ...values }: NodeForm) => {
    if (!selected) return;
    const node = nodesByPath.get(selected);
    setBusy(true);
    call(
      api.PATCH('/api/v1/imports/{id}/nodes/{path}', {
        params: { path: { id: importId, path: selected } },
        // An unchanged deadline is not sent, so that it keeps its words as the text has them (持续推进).
        body: sameDeadline(node?.deadline, deadline)
          ? values
          : { ...values, deadline: fromDeadlineForm(deadline) },
      }),
    )
      .then(saved, notifyError)
      .finally(() => setBusy(false));
  };
  const patchDraft = (body: DraftCorrection) =>
    call(api.PATCH('/api/v1/imports/{id}', { params: { path: { id: importId } }, body }));
  const saveTitle = (title: string) => {
    const trimmed = title.trim();
    if (!trimmed || trimmed === draft.title) return;
    patchDraft({ title: trimmed }).then(saved, notifyError);
  };
  const saveMeta = (v: MetaValues) => {
    const period =
      v.periodFrom != null && v.periodTo != null
        ? { from: v.periodFrom, to: v.periodTo }
        : v.periodFrom == null && v.periodTo == null
          ? null
          : undefined;
    if (period === undefined) {
      void message.error(t('review.periodBoth'));
      return;
    }
    setBusy(true);
    patchDraft({
      period,
      issuer: v.issuer.trim() || null,
      documentNumber: v.documentNumber.trim() || null,
      ...(record.planId === null && v.areaId !== undefined && v.areaId !== record.area?.id
        ? { areaId: v.areaId }
        : {}),
    })
      .then(saved, notifyError)
      .finally(() => setBusy(false));
  };
  const saveTarget = (index: number, input: TargetInput) => {
    call(
      api.PUT('/api/v1/imports/{id}/targets/{index}', {
        params: { path: { id: importId, index } },
        body: input,
      }),
    ).then((next) => {
      setEditingTarget(null);
      saved(next);
    }, notifyError);
  };
  const deleteTarget = (index: number) => {
    call(
      api.DELETE('/api/v1/imports/{id}/targets/{index}', { params: { path: { id: importId, index } } }),
    ).then((next) => {
      loaded.setData(next);
      void message.success(t('common.deleted'));
    }, notifyError);
  };
  const confirm = () => {
    modal.confirm({
      title: t('review.confirmTitle'),
      content: t(record.planId !== null ? 'review.confirmReimportBody' : 'review.confirmBody'),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        const unitMappings = Object.entries(mappings).flatMap(([name, unitId]) =>
          unitId ? [{ name, unitId }] : [],
        );
        try {
          const { planId } = await call(
            api.POST('/api/v1/imports/{id}/confirm', {
              params: { path: { id: importId } },
              body: { unitMappings },
            }),
          );
          void message.success(t(record.planId !== null ? 'review.reimported' : 'review.confirmed'));
          await navigate(`/plans/${planId}`);
        } catch (error) {
          notifyError(error);
        }
      },
    });
  };
  const discard = () => {
    call(api.DELETE('/api/v1/imports/{id}', { params: { path: { id: importId } } })).then(() => {
      void message.success(t('review.discarded'));
      void navigate('/import');
    }, notifyError);
  };

  const changes = record.changes;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <ReviewHeader
          record={record}
          currentPlan={currentPlan.data}
          tasksWithLead={tasksWithLead}
          onTitle={saveTitle}
          onDiscard={discard}
          onConfirm={confirm}
        />
        <div style={{ marginTop: 16 }}>
          <DraftMeta
            record={record}
            areas={areas.data ?? null}
            disabled={!isDraft}
            busy={busy}
            onSave={saveMeta}
          />
        </div>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card title={t('review.source')} size="small">
            <SourceText text={record.sourceText} highlight={highlight} height="calc(100vh - 220px)" />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small">
            <Tabs
              defaultActiveKey={changes ? 'changes' : 'tree'}
              items={[
                ...(changes
                  ? [
                      {
                        key: 'changes',
                        label: (
                          <span data-testid="changes-tab">
                            {t('review.changes')} (
                            {changes.added.length +
                              changes.removed.length +
                              changes.changed.length +
                              changes.targetChanges.length}
                            )
                          </span>
                        ),
                        children: <PlanChanges changes={changes} />,
                      },
                    ]
                  : []),
                {
                  key: 'tree',
                  label: t('review.tree'),
                  children: (
                    <DraftTreeTab
                      nodes={draft.nodes}
                      nodesByPath={nodesByPath}
                      selected={selected}
                      onSelect={select}
                      unitOptions={unitOptions}
                      busy={busy}
                      disabled={!isDraft}
                      updatedAt={record.updatedAt}
                      onSave={saveNode}
                    />
                  ),
                },
                {
                  key: 'targets',
                  label: `${t('review.targets')} (${draft.targets.length})`,
                  children: (
                    <DraftTargetsTab
                      targets={draft.targets}
                      title={draft.title}
                      disabled={!isDraft}
                      onHighlight={setHighlight}
                      onEdit={setEditingTarget}
                      onDelete={deleteTarget}
                    />
                  ),
                },
                {
                  key: 'units',
                  label: `${t('review.unitResolution')} (${record.unitResolution.filter((r) => r.unitId == null).length} ${t('review.newUnit')})`,
                  children: (
                    <UnitResolutionTab
                      resolution={record.unitResolution}
                      areaName={record.area?.name ?? null}
                      units={eligibleUnits}
                      mappings={mappings}
                      onMap={(name, unitId) => setMappings((m) => ({ ...m, [name]: unitId }))}
                      title={draft.title}
                      disabled={!isDraft}
                    />
                  ),
                },
                {
                  key: 'diagnostics',
                  label: `${t('review.diagnostics')} (${draft.diagnostics.length})`,
                  children: <DiagnosticsTab diagnostics={draft.diagnostics} onHighlight={setHighlight} />,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {editingTarget !== null && draft.targets[editingTarget] ? (
        <TargetEditor
          target={draft.targets[editingTarget]}
          onCancel={() => setEditingTarget(null)}
          onSave={(input) => saveTarget(editingTarget, input)}
        />
      ) : null}
    </Space>
  );
}
