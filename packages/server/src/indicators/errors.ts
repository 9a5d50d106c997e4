import { defineErrorCodes } from '../errors/index.js';
import type { FigureQualifier } from '@luoshi/core';
import type { ApiQualifier } from './schemas.js';

defineErrorCodes({
  INDICATOR_NOT_FOUND: { status: 404, message: { zh: '指标不存在。', en: 'Indicator not found.' } },
  INDICATOR_NAME_TAKEN: {
    status: 409,
    message: { zh: '已有指标使用该名称或别名。', en: 'Another indicator already has this name or alias.' },
  },
  INDICATOR_CODE_TAKEN: {
    status: 409,
    message: { zh: '已有指标使用该代码。', en: 'Another indicator already has this code.' },
  },
  FORMULA_INVALID: { status: 400, message: { zh: '公式无效。', en: 'The formula is not valid.' } },
  PERIOD_INVALID: { status: 400, message: { zh: '期间无效。', en: 'The period is not valid.' } },
  AREA_UNKNOWN: {
    status: 400,
    message: {
      zh: '未知地区：请使用地区名称或行政区划代码（如 成都市 或 510100）。',
      en: 'Unknown area: use the area’s name or division code (e.g. 成都市 or 510100).',
    },
  },
  FIGURE_NOT_YOURS: {
    status: 403,
    message: {
      zh: '只能为本单位负责的指标填报数据。',
      en: 'You can only enter figures for indicators your unit owns.',
    },
  },
  FIGURE_IMPORT_INVALID: {
    status: 400,
    message: {
      zh: '导入文件有错误，未导入任何数据。',
      en: 'The file has errors; nothing was imported.',
    },
  },
  TARGET_NOT_FOUND: { status: 404, message: { zh: '目标不存在。', en: 'Target not found.' } },
});

/** The API and import files say `more_than`; the core and the table say `lower_bound`. */
export function toApiQualifier(q: string): ApiQualifier {
  return q === 'lower_bound' ? 'more_than' : (q as ApiQualifier);
}

export function fromApiQualifier(q: ApiQualifier): FigureQualifier {
  return q === 'more_than' ? 'lower_bound' : q;
}
