// Is a request really from WeChat, and what does it say? Checks the timestamp and the
// signatures, reads the XML and, in safe and compatible modes, decrypts it. The answer is
// either the message's fields or the 4xx to send (403 for anything unsigned or stale).
import type { Clock } from '../../calendar.js';
import { type WechatCipher, WechatCryptoError } from './crypto.js';
import { isFresh, signatureMatches } from './signature.js';
import { parseWechatXml, type WechatFields, WechatXmlError } from './xml.js';

export const WECHAT_ERRORS = {
  forbidden: '签名无效或时间戳过期 / Invalid signature or stale timestamp',
  notXml: '请求体不是有效的微信 XML 消息 / Body is not a valid WeChat XML message',
  declarations: '不接受 DOCTYPE 或 ENTITY 声明 / DOCTYPE and ENTITY declarations are not accepted',
  noEchostr: '缺少 echostr 参数 / Missing echostr',
  noKey: '未配置 WECHAT_ENCODING_AES_KEY，无法处理加密消息 / Encrypted messages need WECHAT_ENCODING_AES_KEY',
  cannotDecrypt: '无法解密消息 / Cannot decrypt the message',
  plainInSafeMode: '安全模式下不接受明文消息 / Plaintext messages are refused in safe mode',
  encryptedInPlainMode:
    '明文模式下不接受加密消息（见 WECHAT_MODE）/ Encrypted messages are refused in plain mode (see WECHAT_MODE)',
  otherUser: '网址中的 openid 与消息的发送者不一致 / The openid of the URL is not the sender of the message',
  otherAccount: '消息不是发给本公众号的 / The message is addressed to another official account',
  replayed: '该签名已用于另一条消息 / This signature was already used for another message',
} as const;

/** 明文模式 (plain), 兼容模式 (compatible: plain and encrypted), 安全模式 (safe: encrypted only). */
export type WechatMode = 'plain' | 'compatible' | 'safe';

export type Verified<T> = { ok: true; value: T } | { ok: false; status: 400 | 403; error: string };

export interface VerifiedMessage {
  fields: WechatFields;
  /** Arrived encrypted (safe or compatible mode): answer encrypted. */
  encrypted: boolean;
  nonce: string;
}

type Query = Partial<Record<string, unknown>>;

const ECHOSTR = /^[\x21-\x7e]{1,512}$/;
const NONCE = /^[A-Za-z0-9]{1,64}$/;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const refuse = (status: 400 | 403, error: string) => ({ ok: false, status, error }) as const;
const forbidden = refuse(403, WECHAT_ERRORS.forbidden);

export class WechatVerifier {
  constructor(
    private readonly token: string,
    private readonly cipher: WechatCipher | undefined,
    private readonly clock: Clock,
    private readonly mode: WechatMode = cipher ? 'safe' : 'plain',
  ) {}

  /** URL verification (服务器配置): the echostr to send back, decrypted in safe mode. */
  echo(q: Query): Verified<string> {
    const params = this.fresh(q);
    if (!params) return forbidden;
    const { timestamp, nonce } = params;
    const echostr = str(q.echostr);
    if (q.msg_signature !== undefined) {
      if (!echostr || !signatureMatches(q.msg_signature, [this.token, timestamp, nonce, echostr]))
        return forbidden;
      if (!this.cipher) return refuse(400, WECHAT_ERRORS.noKey);
      return this.decrypt(echostr);
    }
    if (!signatureMatches(q.signature, [this.token, timestamp, nonce])) return forbidden;
    if (!echostr || !ECHOSTR.test(echostr)) return refuse(400, WECHAT_ERRORS.noEchostr);
    return { ok: true, value: echostr };
  }

  /** A pushed message: its fields, after every check of its mode. */
  message(q: Query, body: unknown): Verified<VerifiedMessage> {
    const params = this.fresh(q);
    if (!params) return forbidden;
    const { timestamp, nonce } = params;
    const encrypted = str(q.encrypt_type) === 'aes';
    // No downgrade: in safe mode a plaintext push is refused, however well signed.
    if (!encrypted && this.mode === 'safe') return refuse(403, WECHAT_ERRORS.plainInSafeMode);
    if (encrypted && this.mode === 'plain')
      return refuse(400, this.cipher ? WECHAT_ERRORS.encryptedInPlainMode : WECHAT_ERRORS.noKey);
    // Plain mode: the URL signature covers no body, so it is checked before reading one.
    if (!encrypted && !signatureMatches(q.signature, [this.token, timestamp, nonce])) return forbidden;
    if (typeof body !== 'string') return refuse(400, WECHAT_ERRORS.notXml);
    const outer = read(body);
    if (!outer.ok) return outer;
    if (!encrypted) return { ok: true, value: { fields: outer.value, encrypted, nonce } };
    // Safe and compatible modes: msg_signature covers the Encrypt field too.
    const envelope = outer.value.Encrypt;
    if (!envelope) return refuse(400, WECHAT_ERRORS.notXml);
    if (!signatureMatches(q.msg_signature, [this.token, timestamp, nonce, envelope])) return forbidden;
    if (q.signature !== undefined && !signatureMatches(q.signature, [this.token, timestamp, nonce]))
      return forbidden;
    if (!this.cipher) return refuse(400, WECHAT_ERRORS.noKey);
    const inner = this.decrypt(envelope);
    if (!inner.ok) return inner;
    const fields = read(inner.value);
    return fields.ok ? { ok: true, value: { fields: fields.value, encrypted, nonce } } : fields;
  }

  /** timestamp and nonce of a request that is fresh and well-formed. */
  private fresh(q: Query): { timestamp: string; nonce: string } | undefined {
    const timestamp = str(q.timestamp);
    const nonce = str(q.nonce);
    if (!timestamp || !nonce || !NONCE.test(nonce) || !isFresh(timestamp, this.clock())) return undefined;
    return { timestamp, nonce };
  }

  private decrypt(encrypted: string): Verified<string> {
    try {
      return { ok: true, value: (this.cipher as WechatCipher).decrypt(encrypted) };
    } catch (error) {
      if (!(error instanceof WechatCryptoError)) throw error;
      return refuse(400, WECHAT_ERRORS.cannotDecrypt);
    }
  }
}

function read(text: string): Verified<WechatFields> {
  try {
    return { ok: true, value: parseWechatXml(text) };
  } catch (error) {
    if (!(error instanceof WechatXmlError)) throw error;
    return refuse(400, /DOCTYPE/.test(error.message) ? WECHAT_ERRORS.declarations : WECHAT_ERRORS.notXml);
  }
}
