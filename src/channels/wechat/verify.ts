// Is a request really from WeChat, and what does it say? Checks the timestamp and the
// signatures, reads the XML and, in safe and compatible modes, decrypts it. The answer is
// either the message's fields or the 4xx to send (403 for anything unsigned or stale).
import type { Clock } from '../../calendar.js';
import { ERRORS } from '../../http/errorMessages.js';
import { type WechatCipher, WechatCryptoError } from './crypto.js';
import { isFresh, signatureMatches } from './signature.js';
import { parseWechatXml, type WechatFields, WechatXmlError } from './xml.js';

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
const forbidden = refuse(403, ERRORS.wechat.forbidden);

export class WechatVerifier {
  constructor(
    private readonly token: string,
    private readonly cipher: WechatCipher | undefined,
    private readonly clock: Clock,
    private readonly mode: WechatMode,
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
      if (!this.cipher) return refuse(400, ERRORS.wechat.noKey);
      return this.decrypt(echostr);
    }
    if (!signatureMatches(q.signature, [this.token, timestamp, nonce])) return forbidden;
    if (!echostr || !ECHOSTR.test(echostr)) return refuse(400, ERRORS.wechat.noEchostr);
    return { ok: true, value: echostr };
  }

  /** A pushed message: its fields, after every check of its mode. */
  message(q: Query, body: unknown): Verified<VerifiedMessage> {
    const params = this.fresh(q);
    if (!params) return forbidden;
    const { timestamp, nonce } = params;
    const encrypted = str(q.encrypt_type) === 'aes';
    // No downgrade: in safe mode a plaintext push is refused, however well signed.
    if (!encrypted && this.mode === 'safe') return refuse(403, ERRORS.wechat.plainInSafeMode);
    if (encrypted && this.mode === 'plain')
      return refuse(400, this.cipher ? ERRORS.wechat.encryptedInPlainMode : ERRORS.wechat.noKey);
    // Plain mode: the URL signature covers no body, so it is checked before reading one.
    if (!encrypted && !signatureMatches(q.signature, [this.token, timestamp, nonce])) return forbidden;
    if (typeof body !== 'string') return refuse(400, ERRORS.wechat.notXml);
    const outer = read(body);
    if (!outer.ok) return outer;
    if (!encrypted) return { ok: true, value: { fields: outer.value, encrypted, nonce } };
    // Safe and compatible modes: msg_signature covers the Encrypt field too.
    const envelope = outer.value.Encrypt;
    if (!envelope) return refuse(400, ERRORS.wechat.notXml);
    if (!signatureMatches(q.msg_signature, [this.token, timestamp, nonce, envelope])) return forbidden;
    if (q.signature !== undefined && !signatureMatches(q.signature, [this.token, timestamp, nonce]))
      return forbidden;
    if (!this.cipher) return refuse(400, ERRORS.wechat.noKey);
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
      return refuse(400, ERRORS.wechat.cannotDecrypt);
    }
  }
}

function read(text: string): Verified<WechatFields> {
  try {
    return { ok: true, value: parseWechatXml(text) };
  } catch (error) {
    if (!(error instanceof WechatXmlError)) throw error;
    return refuse(400, /DOCTYPE/.test(error.message) ? ERRORS.wechat.declarations : ERRORS.wechat.notXml);
  }
}
