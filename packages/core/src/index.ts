/** @luoshi/core — the pure domain core. Everything here runs in Node and in the browser. */
export type * from './types.js';
export { parsePlan } from './importer/parse-plan.js';
export { extractTargets, type TargetExtraction } from './importer/targets.js';
export {
  readDocument,
  type ReadDocumentResult,
  type DocumentFormat,
  type TextEncoding,
} from './readers/read-document.js';

// Indicators and official statistics: periods, the indicator model, formulas, figures, trajectories and status,
// areas, the figure import rows and the one value formatter.
export {
  type Period,
  type PeriodKind,
  type PeriodParts,
  type PeriodErrorCode,
  type PeriodParseResult,
  type MonthIndex,
  MIN_PERIOD_YEAR,
  MAX_PERIOD_YEAR,
  makePeriod,
  formatPeriod,
  parsePeriod,
  isPeriod,
  periodParts,
  monthIndex,
  monthPeriod,
  periodStartMonth,
  periodEndMonth,
  periodYear,
  periodLength,
  comparePeriods,
  periodContains,
  periodsOverlap,
  periodMonths,
  periodStartDate,
  periodEndDate,
  periodOfDate,
} from './indicators/period.js';
export {
  type PeriodValue,
  type DerivationTerm,
  type DerivationMethod,
  type PeriodDerivation,
  deriveFlow,
  monthsFromYearToDate,
  stockForPeriod,
  rateForPeriod,
  valueForPeriod,
} from './indicators/period-conversion.js';
export {
  type IndicatorId,
  type IndicatorKind,
  type IndicatorDirection,
  type IndicatorFrequency,
  type IndicatorDefinition,
  type FigureQualifier,
  type TargetSpec,
  type Baseline,
  asIndicatorId,
  INDICATOR_KINDS,
  INDICATOR_DIRECTIONS,
  INDICATOR_FREQUENCIES,
  FIGURE_QUALIFIERS,
  isFinalQualifier,
} from './indicators/indicator.js';
export {
  type FormulaRef,
  type FormulaNode,
  type FormulaErrorCode,
  type FormulaError,
  type FormulaParseResult,
  MAX_FORMULA_LENGTH,
  MAX_FORMULA_DEPTH,
  parseFormula,
  formatFormula,
  formulaReferences,
  formulaRefKey,
} from './indicators/formula.js';
export {
  type FormulaComponent,
  type FormulaLookup,
  type FormulaEvaluation,
  evaluateFormula,
} from './indicators/formula-evaluate.js';
export {
  type FigureLike,
  type FigureInForce,
  selectFiguresInForce,
  combineQualifiers,
} from './indicators/figures.js';
export {
  type TrajectoryMethod,
  type TrajectoryPoint,
  type Trajectory,
  periodEndTime,
  deadlineTime,
  trajectoryMethod,
  pathValue,
  buildTrajectory,
  expectedValue,
} from './indicators/trajectory.js';
export {
  type TargetStatus,
  type AssessedFigure,
  type AssessedPoint,
  type TargetAssessmentInput,
  type StatusBasis,
  type ForecastMethod,
  type Forecast,
  type StatusExplanation,
  type TargetAssessment,
  TARGET_STATUSES,
  ON_TRACK_RATIO,
  NEEDS_ACCELERATION_RATIO,
  DETERIORATING_RATIO,
  ABOUT_TOLERANCE,
  STATUS_THRESHOLDS,
  targetDirection,
  meetsTarget,
  assessablePoints,
  defaultBaseline,
  assessTarget,
} from './indicators/status.js';
export { statusLabel } from './indicators/status-text.js';
export {
  type AreaKind,
  type AreaVersion,
  type AreaRecord,
  type AreaData,
  type AreaMatch,
  type AreaIndex,
  type AreaDataProblem,
  AREA_KINDS,
  createAreaIndex,
  areaVersionAt,
  resolveArea,
  areaChildren,
  areaAncestors,
  detectJurisdiction,
  validateAreaData,
} from './indicators/areas.js';
export {
  type FigureCell,
  type FigureImportIndicator,
  type FigureRowErrorCode,
  type FigureRowProblem,
  type FigureCandidate,
  type FigureRowRejection,
  type FigureRowResult,
  type FigureRowReader,
  createFigureRowReader,
} from './indicators/figure-rows.js';
export {
  type FigureColumn,
  FIGURE_TEMPLATE_HEADER,
  FIGURE_COLUMN_LABELS,
  FIGURE_HEADER_NAMES,
  FIGURE_QUALIFIER_WORDS,
  MAGNITUDE_PREFIXES,
  REQUIRED_FIGURE_COLUMNS,
} from './indicators/figure-columns.js';
export { type CsvRecordSink, CsvRecordParser } from './indicators/csv-records.js';
export {
  type ValueLanguage,
  type FormatValueOptions,
  formatValue,
  englishUnit,
} from './indicators/format-value.js';
