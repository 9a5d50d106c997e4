import type { AreaRow } from '../db/schema.js';
import { parseAliases } from './area-data.js';

/** An area as the API shows it inside other records (a unit's or a plan's jurisdiction). */
export interface AreaRef {
  id: number;
  code: string;
  name: string;
}

/** One row of the area tree, as `GET /areas` shows it. */
export interface AreaNode extends AreaRef {
  /** The stable key shared by the versions of one area (双流县 and 双流区: 510116). */
  key: string;
  level: string;
  functional: boolean;
  parentId: number | null;
  validFrom: string | null;
  validTo: string | null;
  aliases: string[];
  /** The jurisdiction plans fall back to when their issuer names none. */
  home: boolean;
  children: AreaNode[];
}

export const toAreaRef = (r: Pick<AreaRow, 'id' | 'code' | 'name'>): AreaRef => ({
  id: r.id,
  code: r.code,
  name: r.name,
});

/** The stored areas with their parent links, built once per request from the (small) table. */
export class AreaTree {
  readonly byId: ReadonlyMap<number, AreaRow>;

  constructor(readonly rows: readonly AreaRow[]) {
    this.byId = new Map(rows.map((r) => [r.id, r]));
  }

  ref(id: number | null): AreaRef | null {
    const r = id === null ? undefined : this.byId.get(id);
    return r ? toAreaRef(r) : null;
  }

  /** The area and its ancestors, nearest first: the jurisdictions whose units a plan of `id` may name. */
  chain(id: number): number[] {
    const out: number[] = [];
    for (
      let r = this.byId.get(id);
      r && !out.includes(r.id);
      r = r.parent_id === null ? undefined : this.byId.get(r.parent_id)
    )
      out.push(r.id);
    return out;
  }

  /** True when `id` is `ancestor` or lies under it. */
  within(id: number, ancestor: number): boolean {
    return this.chain(id).includes(ancestor);
  }

  /** The whole tree, roots first, siblings by code. */
  nodes(): AreaNode[] {
    const nodes = new Map<number, AreaNode>();
    for (const r of this.rows)
      nodes.set(r.id, {
        id: r.id,
        key: r.area_key,
        code: r.code,
        name: r.name,
        level: r.level,
        functional: r.functional === 1,
        parentId: r.parent_id,
        validFrom: r.valid_from,
        validTo: r.valid_to,
        aliases: parseAliases(r.aliases_json),
        home: r.home === 1,
        children: [],
      });
    const roots: AreaNode[] = [];
    for (const n of nodes.values()) {
      const parent = n.parentId === null ? undefined : nodes.get(n.parentId);
      (parent ? parent.children : roots).push(n);
    }
    const order = (list: AreaNode[]) => {
      list.sort(
        (a, b) => a.code.localeCompare(b.code) || (a.validFrom ?? '').localeCompare(b.validFrom ?? ''),
      );
      for (const n of list) order(n.children);
    };
    order(roots);
    return roots;
  }
}
