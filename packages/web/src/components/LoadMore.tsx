import { Button } from 'antd';
import { useI18n } from '../i18n/index.js';
import type { PagedList } from '../lib/paging.js';

/** The "加载更多" button under a paged list, shown while the server has more rows. */
export function LoadMore({ list }: { list: PagedList<unknown> }) {
  const { t } = useI18n();
  if (!list.hasMore) return null;
  return (
    <Button style={{ marginTop: 12 }} onClick={list.loadMore} loading={list.loading} data-testid="load-more">
      {t('common.loadMore')}
    </Button>
  );
}
