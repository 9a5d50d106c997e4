import { defineErrorCodes } from '../errors/index.js';

defineErrorCodes({
  NOTICE_NOT_FOUND: { status: 404, message: { zh: '督办单不存在。', en: 'Supervision notice not found.' } },
  NOTICE_STEP_INVALID: {
    status: 409,
    message: { zh: '督办单当前状态下不能执行此步骤。', en: 'This step is not open for the notice now.' },
  },
  NOTICE_STEP_NOT_YOURS: {
    status: 403,
    message: { zh: '此步骤不由您办理。', en: 'This step is not yours to take.' },
  },
  NOTICE_TEXT_REQUIRED: { status: 400, message: { zh: '请填写说明。', en: 'A text is required.' } },
  SUPERVISION_SETTINGS_INVALID: {
    status: 400,
    message: { zh: '督办设置无效。', en: 'The supervision settings are not valid.' },
  },
  SUPERVISION_VERSION_CONFLICT: {
    status: 409,
    message: {
      zh: '内容已被他人修改，请刷新后按当前内容重新修改。',
      en: 'Someone else changed this; reload and start again from the current version.',
    },
  },
  WEBHOOK_NOT_FOUND: { status: 404, message: { zh: 'Webhook 不存在。', en: 'Webhook not found.' } },
  WEBHOOK_URL_INVALID: {
    status: 400,
    message: {
      zh: 'Webhook 地址必须是 http 或 https 网址。',
      en: 'The webhook URL must be an http or https URL.',
    },
  },
});
