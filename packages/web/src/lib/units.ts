import { api, call, type Unit } from '../api/client.js';
import { loadAllPages } from './paging.js';

/** The whole units registry (every page), or one jurisdiction's, for the unit pickers. */
export function loadAllUnits(areaId?: number): Promise<Unit[]> {
  return loadAllPages((cursor) =>
    call(api.GET('/api/v1/units', { params: { query: { limit: 200, cursor, areaId } } })),
  );
}
