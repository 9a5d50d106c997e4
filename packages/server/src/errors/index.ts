import { Type, type Static } from '@sinclair/typebox';

/** A user-facing message: Chinese first, English beside. */
export interface Message {
  zh: string;
  en: string;
}

interface CodeInfo {
  status: number;
  message: Message;
  /** Sent as `Retry-After` (seconds) with the problem: when trying again later is the remedy. */
  retryAfterSeconds?: number;
}

/**
 * Stable error codes → HTTP status and default message. The HTTP layer is the only place that knows statuses;
 * services speak in codes. Feature modules add their own codes with `defineErrorCodes`.
 */
const codes = new Map<string, CodeInfo>();

/** Registers error codes (status + default message). Re-registering a code with a different status throws. */
export function defineErrorCodes(defs: Record<string, CodeInfo>): void {
  for (const [code, info] of Object.entries(defs)) {
    const prev = codes.get(code);
    if (prev && prev.status !== info.status)
      throw new Error(`Error code ${code} already has status ${prev.status}`);
    codes.set(code, info);
  }
}

defineErrorCodes({
  AUTH_REQUIRED: { status: 401, message: { zh: '请先登录。', en: 'Please log in first.' } },
  FORBIDDEN: {
    status: 403,
    message: { zh: '您没有执行此操作的权限。', en: 'You are not allowed to do this.' },
  },
  CSRF_TOKEN_INVALID: {
    status: 403,
    message: {
      zh: '请求缺少有效的 CSRF 令牌，请刷新页面后重试。',
      en: 'Missing or invalid CSRF token; reload the page and retry.',
    },
  },
  VALIDATION_FAILED: {
    status: 400,
    message: { zh: '请求内容不符合要求。', en: 'The request is not valid.' },
  },
  MALFORMED_JSON: {
    status: 400,
    message: { zh: '请求正文不是有效的 JSON。', en: 'The request body is not valid JSON.' },
  },
  BAD_REQUEST: { status: 400, message: { zh: '请求无效。', en: 'Bad request.' } },
  INVALID_UTF8: {
    status: 400,
    message: {
      zh: '请求正文不是有效的 UTF-8 编码。',
      en: 'The request body is not valid UTF-8.',
    },
  },
  JSON_TOO_DEEP: {
    status: 400,
    message: { zh: '请求正文嵌套层级过深。', en: 'The request body is nested too deeply.' },
  },
  BAD_URL: {
    status: 400,
    message: {
      zh: '请求地址无效（百分号编码有误）。',
      en: 'The request URL is not valid (bad percent-encoding).',
    },
  },
  MALFORMED_MULTIPART: {
    status: 400,
    message: {
      zh: '上传的表单数据格式有误或不完整。',
      en: 'The uploaded form data is malformed or incomplete.',
    },
  },
  TOO_MANY_PARTS: {
    status: 413,
    message: {
      zh: '上传的表单包含过多字段或文件。',
      en: 'The uploaded form has too many fields or files.',
    },
  },
  REQUEST_TIMEOUT: {
    status: 408,
    message: { zh: '请求超时。', en: 'The request timed out.' },
  },
  URI_TOO_LONG: {
    status: 414,
    message: { zh: '请求地址过长。', en: 'The request URL is too long.' },
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    message: { zh: '请求头过大。', en: 'The request headers are too large.' },
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    message: {
      zh: '请求或上传的文件过大（上限 10 MiB）。',
      en: 'The request or uploaded file is too large (limit 10 MiB).',
    },
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: { zh: '不支持该内容类型。', en: 'This content type is not supported.' },
  },
  LOGIN_FAILED: { status: 401, message: { zh: '用户名或密码错误。', en: 'Wrong username or password.' } },
  LOGIN_RATE_LIMITED: {
    status: 429,
    message: { zh: '登录失败次数过多，请稍后再试。', en: 'Too many failed logins; try again later.' },
  },
  RATE_LIMITED: {
    status: 429,
    message: { zh: '请求过于频繁，请稍后再试。', en: 'Too many requests; try again later.' },
  },
  NOT_FOUND: { status: 404, message: { zh: '未找到请求的内容。', en: 'Not found.' } },
  METHOD_NOT_ALLOWED: { status: 405, message: { zh: '不支持该请求方法。', en: 'Method not allowed.' } },
  USER_NOT_FOUND: { status: 404, message: { zh: '用户不存在。', en: 'User not found.' } },
  USERNAME_TAKEN: { status: 409, message: { zh: '该用户名已被使用。', en: 'This username is taken.' } },
  UNIT_REQUIRED: {
    status: 400,
    message: { zh: '该角色必须指定所属单位。', en: 'This role needs a unit.' },
  },
  LAST_ADMIN: {
    status: 409,
    message: {
      zh: '不能停用或降级最后一个可用的管理员账号。',
      en: 'The last enabled admin cannot be disabled or given another role.',
    },
  },
  TOKEN_NOT_FOUND: { status: 404, message: { zh: '令牌不存在。', en: 'Token not found.' } },
  UNIT_NOT_FOUND: { status: 404, message: { zh: '单位不存在。', en: 'Unit not found.' } },
  PLAN_NOT_FOUND: { status: 404, message: { zh: '方案不存在。', en: 'Plan not found.' } },
  IMPORT_NOT_FOUND: { status: 404, message: { zh: '导入草稿不存在。', en: 'Import draft not found.' } },
  NOT_A_PLAN: {
    status: 422,
    message: {
      zh: '该文档为空或不像一份实施方案。',
      en: 'The document is empty or does not look like a plan.',
    },
  },
  IMPORT_NOT_DRAFT: {
    status: 409,
    message: { zh: '该导入已确认或已放弃。', en: 'This import is no longer a draft.' },
  },
  UNIT_NAME_TAKEN: { status: 409, message: { zh: '该单位名称已被使用。', en: 'This unit name is taken.' } },
  CONFLICT: { status: 409, message: { zh: '与现有数据冲突。', en: 'Conflicts with existing data.' } },
  DATABASE_BUSY: {
    status: 503,
    message: {
      zh: '数据库正忙（其他写入尚未完成），本次修改未保存，请稍后重试。',
      en: 'The database is busy with other writes; nothing was saved. Please try again shortly.',
    },
    retryAfterSeconds: 1,
  },
  INTERNAL: { status: 500, message: { zh: '服务器内部错误。', en: 'Internal server error.' } },
});

/** Status and default message of a code; unknown codes are a programming error and become 500. */
export function codeInfo(code: string): CodeInfo {
  return codes.get(code) ?? codes.get('INTERNAL')!;
}

/** One field problem in a VALIDATION_FAILED error. */
export interface FieldError {
  /** JSON pointer into the request part, e.g. `/body/role`. */
  path: string;
  message: string;
}

/** One bad row of an uploaded file (a figures import): its line, the column when known, and why, in zh and en. */
export interface RowError {
  line: number;
  column?: string;
  message: Message;
}

/**
 * An error a service raises on purpose: a stable code (see `defineErrorCodes`) and optionally a more specific
 * message or detail. Never carries internal details; whatever it says may be shown to the user.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly userMessage: Message | undefined;
  readonly detail: string | undefined;
  readonly errors: (FieldError | RowError)[] | undefined;
  /** How many problems there were in all, when `errors` lists only the first of them. */
  readonly errorCount: number | undefined;
  /** The record as it now stands, sent with a version conflict. */
  readonly current: unknown;

  constructor(
    code: string,
    opts: {
      message?: Message;
      detail?: string;
      errors?: (FieldError | RowError)[];
      errorCount?: number;
      current?: unknown;
    } = {},
  ) {
    super(opts.message?.en ?? codeInfo(code).message.en);
    this.name = 'DomainError';
    this.code = code;
    this.userMessage = opts.message;
    this.detail = opts.detail;
    this.errors = opts.errors;
    this.errorCount = opts.errorCount;
    this.current = opts.current;
  }

  get status(): number {
    return codeInfo(this.code).status;
  }
}

/** The body of every error response (`application/problem+json`, RFC 9457 with our `code` and `message`). */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    message: Type.Object({ zh: Type.String(), en: Type.String() }),
    detail: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Union([
          Type.Object({ path: Type.String(), message: Type.String() }),
          Type.Object({
            line: Type.Integer(),
            column: Type.Optional(Type.String()),
            message: Type.Object({ zh: Type.String(), en: Type.String() }),
          }),
        ]),
      ),
    ),
    /** Set when more rows were bad than `errors` lists. */
    errorCount: Type.Optional(Type.Integer()),
    /**
     * A version conflict (409 VERSION_CONFLICT): the record as it now stands, with its current `version`, so a
     * client can show it beside the user's unsaved edit and nothing is lost.
     */
    current: Type.Optional(Type.Unknown()),
  },
  { title: 'Problem' },
);
export type Problem = Static<typeof Problem>;

/** Builds the problem document for a code. */
export function problemFor(
  code: string,
  extra: {
    message?: Message;
    detail?: string;
    errors?: (FieldError | RowError)[];
    errorCount?: number;
    current?: unknown;
  } = {},
): Problem {
  const info = codeInfo(code);
  const message = extra.message ?? info.message;
  const p: Problem = {
    type: `urn:luoshi:problem:${code}`,
    title: message.en,
    status: info.status,
    code,
    message,
  };
  if (extra.detail !== undefined) p.detail = extra.detail;
  if (extra.errors !== undefined) p.errors = extra.errors;
  if (extra.errorCount !== undefined) p.errorCount = extra.errorCount;
  if (extra.current !== undefined) p.current = extra.current;
  return p;
}
