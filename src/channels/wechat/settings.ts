// The WeChat settings as the channel takes them, from the validated config (src/config.ts
// holds the defaults, e.g. safe mode when an EncodingAESKey is set): the token, the message
// mode, the cipher, the account id messages must be addressed to, and the reply deadline.
// Warnings are for the start-up log.
import type { Config } from '../../config.js';
import { WechatCipher } from './crypto.js';
import type { WechatMode } from './verify.js';

/** Shorter tokens are accepted (WeChat allows 3) but easy to guess. */
export const RECOMMENDED_TOKEN_LENGTH = 16;

export interface WechatSettings {
  token: string;
  mode: WechatMode;
  cipher?: WechatCipher;
  /** The account's original id (原始ID, gh_…): ToUserName must be this when set. */
  accountId?: string;
  deadlineMs: number;
  warnings: string[];
}

/** Undefined when WECHAT_TOKEN is not set (no /wechat route). */
export function wechatSettings(config: Config): WechatSettings | undefined {
  const token = config.WECHAT_TOKEN;
  if (!token) return undefined;
  const cipher =
    config.WECHAT_ENCODING_AES_KEY && config.WECHAT_APPID
      ? new WechatCipher(config.WECHAT_ENCODING_AES_KEY, config.WECHAT_APPID)
      : undefined;
  const mode = config.WECHAT_MODE;
  const warnings: string[] = [];
  if (token.length < RECOMMENDED_TOKEN_LENGTH)
    warnings.push(
      `WECHAT_TOKEN 只有 ${token.length} 个字符，建议至少 ${RECOMMENDED_TOKEN_LENGTH} 个随机字母或数字 / WECHAT_TOKEN has ${token.length} characters: use ${RECOMMENDED_TOKEN_LENGTH}+ random letters or digits`,
    );
  if (mode === 'plain')
    warnings.push(
      '公众号使用明文模式：消息内容不加密，建议改用安全模式（WECHAT_ENCODING_AES_KEY）/ WeChat plain mode: messages travel unencrypted; safe mode is recommended',
    );
  return {
    token,
    mode,
    cipher,
    accountId: config.WECHAT_ACCOUNT_ID,
    deadlineMs: config.WECHAT_REPLY_DEADLINE_MS,
    warnings,
  };
}
