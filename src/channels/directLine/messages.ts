// The Direct Line API's client errors, each "中文 / English" (sent as {"error": …}).
export const DL_ERRORS = {
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
  badConversationId: '会话 ID 格式不正确 / Malformed conversation id',
  badWatermark: 'watermark 必须是非负整数 / watermark must be a non-negative integer',
  notObject: '请求体必须是 JSON 对象 / Request body must be a JSON object',
  activityField: (field: string) =>
    `活动字段 ${field} 缺失或无效 / Activity field "${field}" is missing or invalid`,
  unsupportedType: (type: string) =>
    `不支持的活动类型 ${type}（支持 message、event、typing、conversationUpdate） / Unsupported activity type "${type}"`,
  attachments: '暂不支持发送附件 / Attachments are not supported',
  userField: 'user.id 必须是 1–64 个可见字符 / user.id must be 1–64 visible characters',
  upstream: '无法连接 Azure Direct Line，请稍后再试 / Could not reach Azure Direct Line, please retry later',
} as const;
