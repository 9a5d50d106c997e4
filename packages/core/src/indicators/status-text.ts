/**
 * The sentence that explains a target's status, in Chinese and English, from the explanation object (kept apart
 * from the computation so that wording changes never touch the method).
 */
import type { Comparator, LocalizedText } from '../types.js';
import { formatValue } from './format-value.js';
import type { FigureQualifier } from './indicator.js';
import type { Forecast, StatusExplanation, TargetStatus } from './status.js';
import type { TrajectoryMethod } from './trajectory.js';

const SIGN: Record<Comparator, string> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤', '=': '=', about: '≈' };

const QUALIFIER_TEXT: Record<FigureQualifier, LocalizedText> = {
  exact: { zh: '', en: '' },
  lower_bound: { zh: '（下限值，实际超过）', en: ' (a lower bound: the true value is higher)' },
  preliminary: { zh: '（初步数据）', en: ' (preliminary)' },
  estimated: { zh: '（估计数据）', en: ' (estimated)' },
};

const STATUS_TEXT: Record<TargetStatus, LocalizedText> = {
  achieved: { zh: '已实现', en: 'achieved' },
  not_achieved: { zh: '未实现', en: 'not achieved' },
  on_track: { zh: '进度正常', en: 'on track' },
  needs_acceleration: { zh: '需加快', en: 'needs acceleration' },
  off_track: { zh: '进度滞后', en: 'off track' },
  deteriorating: { zh: '反向变化', en: 'deteriorating' },
  no_data: { zh: '无数据', en: 'no data' },
};

/** The localized name of a status. */
export function statusLabel(status: TargetStatus): LocalizedText {
  return STATUS_TEXT[status];
}

function growthText(method: TrajectoryMethod, perYear: number, unit: string, lang: 'zh' | 'en'): string {
  if (method === 'geometric') return `${(perYear * 100).toFixed(1)}%`;
  return formatValue(perYear, unit, lang, { maximumFractionDigits: 2 });
}

export function explain(
  status: TargetStatus,
  e: StatusExplanation,
  forecast: Forecast | null,
  unit: string,
): LocalizedText {
  const v = (x: number, lang: 'zh' | 'en'): string =>
    formatValue(x, unit, lang, { maximumFractionDigits: 2 });
  const label = STATUS_TEXT[status];
  const goal = (lang: 'zh' | 'en'): string => `${SIGN[e.target.comparator]} ${v(e.target.value, lang)}`;
  const cur = e.current;
  const curText = (lang: 'zh' | 'en'): string =>
    cur
      ? `${cur.period}${lang === 'zh' ? '：' : ': '}${v(cur.value, lang)}${QUALIFIER_TEXT[cur.qualifier][lang]}${cur.derived ? (lang === 'zh' ? '（由分期数据推算）' : ' (computed from its parts)') : ''}`
      : '';
  let zh: string;
  let en: string;
  switch (e.basis) {
    case 'no_figure':
      zh = `尚无可用数据，无法判断（目标：${e.target.deadlineYear} 年 ${goal('zh')}）`;
      en = `No usable figure yet (target: ${goal('en')} by ${e.target.deadlineYear})`;
      break;
    case 'deadline_figure':
      zh = `期限年度 ${curText('zh')}，目标 ${goal('zh')}：${label.zh}`;
      en = `Deadline year ${curText('en')} against the target ${goal('en')}: ${label.en}`;
      break;
    case 'target_met':
      zh = `${curText('zh')}，已达到 ${e.target.deadlineYear} 年目标 ${goal('zh')}`;
      en = `${curText('en')} already meets the ${e.target.deadlineYear} target ${goal('en')}`;
      break;
    case 'no_baseline':
      zh = `${curText('zh')}；没有基期值，无法计算进度`;
      en = `${curText('en')}; there is no baseline to measure progress from`;
      break;
    case 'no_interval':
      zh = `最新数据 ${curText('zh')} 不晚于基期 ${e.baseline!.period}，无法计算增长`;
      en = `The latest figure (${curText('en')}) is not later than the baseline ${e.baseline!.period}: no growth to measure`;
      break;
    case 'target_not_ahead':
      zh = `基期 ${e.baseline!.period} 的 ${v(e.baseline!.value, 'zh')} 已处于目标水平；${curText('zh')}：${label.zh}`;
      en = `The baseline ${e.baseline!.period} (${v(e.baseline!.value, 'en')}) is already at the target level; ${curText('en')}: ${label.en}`;
      break;
    case 'growth_ratio': {
      const m = e.method!;
      const shapeZh = m === 'geometric' ? '按恒定增长率' : '按线性轨迹';
      const shapeEn = m === 'geometric' ? 'at a constant growth rate' : 'on a straight line';
      const ratio = e.ratio!.toFixed(2);
      const th = e.thresholds;
      zh =
        `${shapeZh}从基期 ${e.baseline!.period} 的 ${v(e.baseline!.value, 'zh')} 到 ${e.target.deadlineYear} 年 ${goal('zh')}，` +
        `每年需${m === 'geometric' ? '增长' : '变化'} ${growthText(m, e.requiredGrowth!, unit, 'zh')}；` +
        `${curText('zh')}，实际每年 ${growthText(m, e.observedGrowth!, unit, 'zh')}，为所需的 ${ratio} 倍` +
        `（≥${th.onTrack} 进度正常，≥${th.needsAcceleration} 需加快，≥${th.deteriorating} 滞后，否则反向）：${label.zh}`;
      en =
        `${shapeEn[0]!.toUpperCase()}${shapeEn.slice(1)} from the baseline ${e.baseline!.period} (${v(e.baseline!.value, 'en')}) to ` +
        `${goal('en')} by ${e.target.deadlineYear} needs ${growthText(m, e.requiredGrowth!, unit, 'en')} a year; ` +
        `${curText('en')} shows ${growthText(m, e.observedGrowth!, unit, 'en')} a year, ${ratio} times what is needed ` +
        `(≥ ${th.onTrack} on track, ≥ ${th.needsAcceleration} needs acceleration, ≥ ${th.deteriorating} off track, below deteriorating): ${label.en}`;
      break;
    }
  }
  if (forecast && forecast.method !== 'observed') {
    zh += `。按此趋势，${forecast.deadlineYear} 年预计 ${v(forecast.value, 'zh')}（${forecast.meetsTarget ? '可达到目标' : '达不到目标'}）`;
    en += `. At this pace ${forecast.deadlineYear} would reach ${v(forecast.value, 'en')} (${forecast.meetsTarget ? 'meeting' : 'missing'} the target)`;
  }
  if (e.deadlinePassedWithoutFigure) {
    zh += `。期限已过，尚无 ${e.target.deadlineYear} 年数据`;
    en += `. The deadline has passed and there is no ${e.target.deadlineYear} figure yet`;
  }
  return { zh: `${zh}。`, en: `${en}.` };
}
