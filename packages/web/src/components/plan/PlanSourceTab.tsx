import { Spin } from 'antd';
import { api, call } from '../../api/client.js';
import { useLoad } from '../../lib/hooks.js';
import { LoadError } from '../LoadError.js';
import { SourceText } from '../SourceText.js';

/**
 * The plan's source text, fetched on its own once the tab is first shown: most visits never open it, and the
 * whole plan loads faster without it.
 */
export function PlanSourceTab({
  planId,
  publicView,
  highlight,
}: {
  planId: number;
  publicView: boolean;
  highlight: readonly number[] | null;
}) {
  const source = useLoad(
    () =>
      call(
        publicView
          ? api.GET('/api/v1/public/plans/{id}/source', { params: { path: { id: planId } } })
          : api.GET('/api/v1/plans/{id}/source', { params: { path: { id: planId } } }),
      ),
    [planId, publicView],
  );
  if (source.error) return <LoadError error={source.error} />;
  // Mounted only with the text, so that a span asked for before it arrived is still scrolled to.
  if (!source.data) return <Spin />;
  return <SourceText text={source.data.sourceText} highlight={highlight} />;
}
