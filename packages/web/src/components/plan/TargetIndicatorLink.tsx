import { App, Button, Modal, Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { useLoad, useNotifyError } from '../../lib/hooks.js';
import type { IndicatorSummary } from '../../lib/indicators.js';

export interface LinkedIndicator {
  id: number;
  name: string;
}

/** Indicators whose name, alias or code holds the words typed, fetched as they are typed (the list is paged). */
function useIndicatorSearch(open: boolean, q: string) {
  const [items, setItems] = useState<IndicatorSummary[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    if (!open) return;
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      call(api.GET('/api/v1/indicators', { params: { query: { q: q.trim() || undefined, limit: 50 } } }))
        .then((page) => live && setItems(page.items))
        .catch(() => live && setItems([]))
        .finally(() => live && setLoading(false));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [open, q]);
  return { items, loading };
}

/**
 * A target's indicator: a link to its page, and for the secretariat and admin a dialog to link the target to an
 * indicator found by name, alias or code, or to unlink it. The plan's dashboard follows on its next load.
 */
export function TargetIndicatorLink({
  targetId,
  targetText,
  linked,
  canLink,
  onChanged,
}: {
  targetId: number;
  targetText: string;
  linked: LinkedIndicator | null;
  canLink: boolean;
  onChanged: (linked: LinkedIndicator | null) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [busy, setBusy] = useState(false);
  const search = useIndicatorSearch(open, q);

  const save = (next: LinkedIndicator | null) => {
    setBusy(true);
    call(
      api.PATCH('/api/v1/targets/{id}', {
        params: { path: { id: targetId } },
        body: { indicatorId: next?.id ?? null },
      }),
    )
      .then(() => {
        void message.success(next ? t('targetLink.linked', { name: next.name }) : t('targetLink.unlinked'));
        setOpen(false);
        onChanged(next);
      }, notifyError)
      .finally(() => setBusy(false));
  };

  return (
    <Space size={4} wrap data-testid="target-indicator" data-indicator-id={linked?.id ?? ''}>
      {linked ? (
        <Link to={`/indicators/${linked.id}`} data-testid="target-indicator-link">
          {linked.name}
        </Link>
      ) : (
        <Typography.Text type="secondary">{t('targetLink.none')}</Typography.Text>
      )}
      {canLink ? (
        <Button
          size="small"
          type="link"
          onClick={() => {
            setQ('');
            setOpen(true);
          }}
          data-testid="target-link-open"
        >
          {linked ? t('targetLink.change') : t('targetLink.link')}
        </Button>
      ) : null}
      <Modal
        open={open}
        title={t('targetLink.title')}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        footer={
          linked ? (
            <Button danger loading={busy} onClick={() => save(null)} data-testid="target-unlink">
              {t('targetLink.unlink')}
            </Button>
          ) : null
        }
      >
        <Typography.Paragraph type="secondary">{targetText}</Typography.Paragraph>
        <Select
          style={{ width: '100%' }}
          autoFocus
          placeholder={t('targetLink.search')}
          value={linked?.id}
          loading={search.loading || busy}
          disabled={busy}
          showSearch={{ filterOption: false, onSearch: setQ, searchValue: q }}
          options={[
            ...(linked && !search.items.some((x) => x.id === linked.id)
              ? [{ value: linked.id, label: linked.name }]
              : []),
            ...search.items.map((x) => ({ value: x.id, label: x.code ? `${x.name}（${x.code}）` : x.name })),
          ]}
          onChange={(id: number) => {
            const chosen = search.items.find((x) => x.id === id);
            if (chosen && chosen.id !== linked?.id) save({ id: chosen.id, name: chosen.name });
          }}
          data-testid="target-link-select"
        />
      </Modal>
    </Space>
  );
}

/**
 * Which indicator each of a plan's targets is linked to, read from the plan's dashboard (the plan's targets do not
 * carry it); null while loading, or for the public view, which has no dashboard.
 */
export function useTargetIndicators(planId: number, enabled: boolean) {
  const board = useLoad(
    () =>
      enabled
        ? call(api.GET('/api/v1/plans/{id}/dashboard', { params: { path: { id: planId } } }))
        : Promise.resolve(null),
    [planId, enabled],
  );
  const byTarget = useMemo(() => {
    if (!board.data) return null;
    return new Map<number, LinkedIndicator | null>(
      board.data.targets.map((x) => [
        x.targetId,
        x.indicator ? { id: x.indicator.id, name: x.indicator.name } : null,
      ]),
    );
  }, [board.data]);
  return { byTarget, reload: board.reload };
}
