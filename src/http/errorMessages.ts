// Every client error the HTTP API answers, each one "中文 / English" (sent as {"error": …}),
// in one table: what any route may answer first, then each channel's own. The lookup's
// parameter errors are also what `npm run lookup` prints.

export const ERRORS = {
  notJson: '请求体不是有效的 JSON / Request body is not valid JSON',
  notUtf8: '请求体不是有效的 UTF-8 编码 / Request body is not valid UTF-8',
  emptyBody: '请求体为空 / Request body is empty',
  notObject: '请求体必须是 JSON 对象 / Request body must be a JSON object',
  contentType: '请使用 Content-Type: application/json / Content-Type must be application/json',
  tooLarge: '请求体太大 / Request body is too large',
  notFound: '找不到该地址 / Not found',
  method: '不支持该请求方法 / Method not allowed',
  internal: '服务暂时出错，请稍后再试 / Internal error, please retry later',
  timeout: '处理超时，请稍后再试 / The request timed out, please retry',
  unauthorized: '未授权 / Unauthorized',
  forbidden: '禁止访问 / Forbidden',
  rateLimited: '请求太频繁，请稍后再试 / Too many requests, please retry later',
  headersTooLarge: '请求头或网址太长 / Request headers or URL too large',
  malformed: '请求格式错误 / Malformed HTTP request',
  badUrl: '网址格式错误 / Malformed URL',
  /** GET /healthz's reason when the state store cannot be used (503 "degraded"). */
  degraded: (reason: string) =>
    `状态存储不可用，常见问题照常回答，多轮对话暂停 / state store unavailable: ${reason}`,
  /** A Bot Framework or Direct Line activity without a usable field. */
  activityField: (field: string) =>
    `活动字段 ${field} 缺失或无效 / Activity field "${field}" is missing or invalid`,

  /** POST /api/ask */
  ask: {
    user: '字段 user 必须是 1–64 个字符的字符串（有效的 Unicode）/ "user" must be a string of 1–64 characters (well-formed Unicode)',
    text: '字段 text 必须是 1–500 个字符的字符串 / "text" must be a string of 1–500 characters',
    unknownFields: (fields: string) => `不支持的字段 ${fields} / Unknown field(s)`,
  },

  /** GET /api/search and `npm run lookup` */
  lookup: {
    queryMissing: '请提供查询关键词 q / Query parameter "q" is required',
    queryEmpty: '查询关键词 q 不能为空 / Query parameter "q" must not be empty',
    queryTooLong: (max: number) =>
      `查询关键词最多 ${max} 个字符 / Query parameter "q" must be at most ${max} characters`,
    queryRepeated: '参数 q 只能出现一次 / Query parameter "q" must be given once',
    region:
      '不认识的地区，请写地区名称（如 江门、新会区）或地区 id / Unknown region: use a region name or id',
    limit: (max: number) => `参数 limit 应为 1–${max} 的整数 / "limit" must be an integer from 1 to ${max}`,
  },

  /** POST /staff/login and /staff/logout */
  staff: {
    crossSite: '只接受本站页面提交的表单 / Only forms from this site are accepted',
    formType:
      '请以表单提交 (application/x-www-form-urlencoded) / Content-Type must be application/x-www-form-urlencoded',
  },

  /** POST /api/messages (Bot Framework) */
  botFramework: {
    serviceUrl:
      '不接受该 serviceUrl（只接受 Bot Connector 服务地址，调试时只接受本机地址）/ serviceUrl not allowed (Bot Connector hosts only; loopback when developing)',
    userId: '用户或会话 ID 含有无效的 Unicode 字符 / User or conversation id is not well-formed Unicode',
    upstream: '无法连接渠道服务，请稍后再试 / Could not reach the channel service, please retry later',
    timeout: '渠道服务响应超时 / The channel service did not answer in time',
    unsupported: '助手不支持这类活动 / The assistant does not support this kind of activity',
  },

  /** /v3/directline (Direct Line 3.0) and the Web Chat page's token */
  directLine: {
    missingAuth:
      '缺少授权：请在 Authorization 头中提供 Bearer 令牌 / Missing Authorization: send "Bearer <token>"',
    badToken: '令牌无效 / The token is invalid',
    expiredToken: '令牌已过期，请重新获取 / The token has expired, please get a new one',
    otherConversation: '此令牌不能访问该会话 / This token does not grant access to this conversation',
    streamToken: '此令牌只能用于连接 WebSocket 流 / This token only opens the WebSocket stream',
    onlyStreamInUrl:
      '网址中只接受短期的流令牌（t=），请在 Authorization 头中发送其他令牌 / Only a short-lived stream token may be sent in the URL (t=); send other tokens in the Authorization header',
    secretRequired: '此操作需要 Direct Line 密钥 / This operation requires the Direct Line secret',
    noConversation: '会话不存在或已结束 / The conversation does not exist or has ended',
    badWatermark: 'watermark 必须是非负整数 / watermark must be a non-negative integer',
    unsupportedType: (type: string) =>
      `不支持的活动类型 ${type}（支持 message、event、typing、conversationUpdate） / Unsupported activity type "${type}"`,
    attachments: '暂不支持发送附件 / Attachments are not supported',
    userField: 'user.id 必须是 1–64 个可见字符 / user.id must be 1–64 visible characters',
    upstream:
      '无法连接 Azure Direct Line，请稍后再试 / Could not reach Azure Direct Line, please retry later',
  },

  /** GET /api/staff/report and /api/staff/report.csv (the curators' report page) */
  report: {
    day: (name: string) =>
      `参数 ${name} 应为日期，如 2026-11-01 / "${name}" must be a date such as 2026-11-01`,
    repeated: (name: string) => `参数 ${name} 只能出现一次 / "${name}" must be given once`,
    order: '结束日期 until 不能早于起始日期 since / "until" must not be before "since"',
    tooLong: (days: number) => `时间范围最多 ${days} 天 / The period must be at most ${days} days`,
    noTurnLog:
      '没有对话日志（TURN_LOG=off 或 STORAGE=memory）/ No turn log is kept (TURN_LOG=off or STORAGE=memory)',
  },

  /** /wechat (the WeChat official account) */
  wechat: {
    forbidden: '签名无效或时间戳过期 / Invalid signature or stale timestamp',
    notXml: '请求体不是有效的微信 XML 消息 / Body is not a valid WeChat XML message',
    declarations: '不接受 DOCTYPE 或 ENTITY 声明 / DOCTYPE and ENTITY declarations are not accepted',
    noEchostr: '缺少 echostr 参数 / Missing echostr',
    noKey:
      '未配置 WECHAT_ENCODING_AES_KEY，无法处理加密消息 / Encrypted messages need WECHAT_ENCODING_AES_KEY',
    cannotDecrypt: '无法解密消息 / Cannot decrypt the message',
    plainInSafeMode: '安全模式下不接受明文消息 / Plaintext messages are refused in safe mode',
    encryptedInPlainMode:
      '明文模式下不接受加密消息（见 WECHAT_MODE）/ Encrypted messages are refused in plain mode (see WECHAT_MODE)',
    otherUser:
      '网址中的 openid 与消息的发送者不一致 / The openid of the URL is not the sender of the message',
    otherAccount: '消息不是发给本公众号的 / The message is addressed to another official account',
    replayed: '该签名已用于另一条消息 / This signature was already used for another message',
  },
} as const;
