import { defineErrorCodes } from '../errors/index.js';

defineErrorCodes({
  VERSION_CONFLICT: {
    status: 409,
    message: {
      zh: '该内容已被他人修改，请对照当前版本后再保存；您的修改尚未保存。',
      en: 'Someone else changed this meanwhile; compare with the current version and save again. Your edit was not saved.',
    },
  },
  WORK_PLAN_NOT_FOUND: { status: 404, message: { zh: '工作计划不存在。', en: 'Work plan not found.' } },
  WORK_PLAN_EXISTS: {
    status: 409,
    message: { zh: '该单位已为此任务编制工作计划。', en: 'This unit already has a work plan for the task.' },
  },
  WORK_PLAN_STATE: {
    status: 409,
    message: {
      zh: '工作计划当前状态下不能进行此操作。',
      en: 'The work plan is not in a state that allows this.',
    },
  },
  REASON_REQUIRED: {
    status: 400,
    message: {
      zh: '修改已批准的工作计划须说明理由。',
      en: 'Changing an approved work plan needs a reason.',
    },
  },
  COMMENT_REQUIRED: {
    status: 400,
    message: { zh: '退回时须填写意见。', en: 'Returning needs a comment.' },
  },
  NOT_YOUR_UNIT: {
    status: 403,
    message: {
      zh: '只能查看或处理本单位的工作计划、进展报告和佐证材料。',
      en: "You may only read or handle your own unit's work plans, reports and evidence.",
    },
  },
  UNIT_REQUIRED: {
    status: 400,
    message: {
      zh: '代为填报时须指明是哪个单位（牵头或配合单位）。',
      en: 'Acting for a unit needs the unit (a lead or supporting unit of the task).',
    },
  },
  NOT_A_LEAD_UNIT: {
    status: 400,
    message: { zh: '该单位不是此任务的牵头单位。', en: 'The unit does not lead this task.' },
  },
  REPORT_NOT_FOUND: { status: 404, message: { zh: '进展报告不存在。', en: 'Progress report not found.' } },
  REPORT_STATE: {
    status: 409,
    message: {
      zh: '进展报告当前状态下不能进行此操作。',
      en: 'The progress report is not in a state that allows this.',
    },
  },
  REPORT_PERIOD_INVALID: {
    status: 400,
    message: {
      zh: '报告期不属于本方案的报送周期。',
      en: "The period is not one of the plan's reporting periods.",
    },
  },
  REPORT_CYCLE_IN_USE: {
    status: 409,
    message: {
      zh: '已有进展报告按现行周期报送，不能再改变报送频率（可调整报送期限）。',
      en: 'Reports already follow the current cycle: its frequency can no longer change (its due days can).',
    },
  },
  MILESTONE_UNKNOWN: {
    status: 400,
    message: {
      zh: '报告中的节点不属于本工作计划。',
      en: "A milestone in the report is not one of the work plan's.",
    },
  },
  NODE_NOT_FOUND_IN_PLAN: {
    status: 404,
    message: { zh: '任务不存在。', en: 'Task not found.' },
  },
  EVIDENCE_NOT_FOUND: { status: 404, message: { zh: '佐证材料不存在。', en: 'Evidence file not found.' } },
  EVIDENCE_TYPE: {
    status: 415,
    message: {
      zh: '不支持该类型的佐证材料：请上传 PDF、Word、Excel、PowerPoint、OFD、图片（JPG/PNG）、文本或 ZIP 文件。',
      en: 'This kind of evidence file is not accepted: upload PDF, Word, Excel, PowerPoint, OFD, JPG/PNG, text or ZIP.',
    },
  },
  EVIDENCE_TOO_LARGE: {
    status: 413,
    message: { zh: '佐证材料过大（上限 10 MiB）。', en: 'The evidence file is too large (at most 10 MiB).' },
  },
  EVIDENCE_EMPTY: { status: 400, message: { zh: '上传的文件为空。', en: 'The uploaded file is empty.' } },
});
