/**
 * Choosing the figure in force. One indicator, area and period can have several figures: a January estimate and
 * the March final (社零 2016: 5620亿 预计, then 5647.4亿), or two sources that agree. Every figure is kept; one is
 * used.
 */
import { isFinalQualifier, type FigureQualifier } from './indicator.js';
import { comparePeriods, type Period } from './period.js';

/** What selection needs of a figure; the server's rows carry more (id, source, who entered it) and keep it. */
export interface FigureLike {
  period: Period;
  value: number;
  qualifier: FigureQualifier;
  /** When this revision was entered, ISO-8601 (later wins among figures of the same rank). */
  revisedAt: string;
}

/** The figure used for one period, with the others kept beside it. */
export interface FigureInForce<F extends FigureLike> {
  period: Period;
  figure: F;
  /** The other figures for the period, newest first (superseded revisions, provisional figures, other sources). */
  history: F[];
  /** The figure in force is a lower bound ("more than"): the true value is at least this. */
  lowerBound: boolean;
  /** The figure in force is preliminary or estimated: no final figure has been published yet. */
  provisional: boolean;
}

/** Higher first: newer revisions, then later in the input (so a re-imported row replaces an earlier one). */
function newerFirst<F extends FigureLike>(a: { f: F; i: number }, b: { f: F; i: number }): number {
  if (a.f.revisedAt !== b.f.revisedAt) return a.f.revisedAt < b.f.revisedAt ? 1 : -1;
  return b.i - a.i;
}

/**
 * The figure in force for each period of one series (one indicator and area): the latest final figure (exact or
 * lower bound) if there is one, else the latest provisional one (preliminary or estimated). "Latest" is the latest
 * `revisedAt`; on a tie, the later in `figures`. A final figure is never displaced by a later provisional one: a
 * preliminary figure entered after the final is kept in the history, not used. The result is ordered by period.
 */
export function selectFiguresInForce<F extends FigureLike>(figures: readonly F[]): FigureInForce<F>[] {
  const byPeriod = new Map<Period, { f: F; i: number }[]>();
  figures.forEach((f, i) => {
    const list = byPeriod.get(f.period);
    if (list) list.push({ f, i });
    else byPeriod.set(f.period, [{ f, i }]);
  });
  const out: FigureInForce<F>[] = [];
  for (const [period, list] of byPeriod) {
    list.sort(newerFirst);
    const chosen = list.find((x) => isFinalQualifier(x.f.qualifier)) ?? list[0]!;
    const figure = chosen.f;
    out.push({
      period,
      figure,
      history: list.filter((x) => x !== chosen).map((x) => x.f),
      lowerBound: figure.qualifier === 'lower_bound',
      provisional: !isFinalQualifier(figure.qualifier),
    });
  }
  return out.sort((a, b) => comparePeriods(a.period, b.period));
}

/**
 * The qualifier of a value computed from several figures: `exact` when all are; `lower_bound` when only exact
 * figures and lower bounds are added (a sum of lower bounds is a lower bound; a difference is not); `preliminary`
 * when the only other qualifiers are preliminary; else `estimated`.
 */
export function combineQualifiers(
  terms: readonly { qualifier: FigureQualifier; sign?: 1 | -1 }[],
): FigureQualifier {
  let lower = false;
  let preliminary = false;
  let estimated = false;
  for (const t of terms) {
    if (t.qualifier === 'lower_bound') {
      if (t.sign === -1) estimated = true;
      else lower = true;
    } else if (t.qualifier === 'preliminary') preliminary = true;
    else if (t.qualifier === 'estimated') estimated = true;
  }
  if (estimated || (preliminary && lower)) return 'estimated';
  if (preliminary) return 'preliminary';
  return lower ? 'lower_bound' : 'exact';
}
