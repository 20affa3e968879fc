// Talking to /wechat the way WeChat's servers do: messages in the official XML format
// (微信公众平台 › 基础消息能力 › 接收普通消息 / 接收事件推送), signed URLs, and in safe mode
// encrypted by the independent `wechat-crypto` package (node-webot), which also checks and
// decrypts our encrypted replies.
import { createHash, randomInt } from 'node:crypto';
import { createRequire } from 'node:module';
import { MemoryStorage, type StoreItems } from 'botbuilder-core';

interface WXBizMsgCryptInstance {
  getSignature(timestamp: string, nonce: string, encrypt: string): string;
  encrypt(text: string): string;
  decrypt(text: string): { message: string; id: string };
}
type WXBizMsgCryptClass = new (token: string, encodingAESKey: string, id: string) => WXBizMsgCryptInstance;
/** CommonJS, without types: loaded through require. */
export const WXBizMsgCrypt = createRequire(import.meta.url)('wechat-crypto') as WXBizMsgCryptClass;

export const sha1Sorted = (parts: string[]) =>
  createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');

/** One field of a WeChat XML (CDATA or plain text). */
export function field(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`).exec(xml);
  return m ? (m[1] ?? m[2]) : undefined;
}

// ---- messages in WeChat's own format ----
export interface Envelope {
  from: string;
  createTime: number;
  to?: string;
}
const head = (e: Envelope, type: string) =>
  `<ToUserName><![CDATA[${e.to ?? 'gh_yidi0000001'}]]></ToUserName>
  <FromUserName><![CDATA[${e.from}]]></FromUserName>
  <CreateTime>${e.createTime}</CreateTime>
  <MsgType><![CDATA[${type}]]></MsgType>`;

export const xml = {
  text: (e: Envelope, content: string, msgId: string) => `<xml>
  ${head(e, 'text')}
  <Content><![CDATA[${content}]]></Content>
  <MsgId>${msgId}</MsgId>
</xml>`,
  voice: (e: Envelope, msgId: string, recognition?: string) => `<xml>
  ${head(e, 'voice')}
  <MediaId><![CDATA[media_id]]></MediaId>
  <Format><![CDATA[amr]]></Format>${recognition === undefined ? '' : `\n  <Recognition><![CDATA[${recognition}]]></Recognition>`}
  <MsgId>${msgId}</MsgId>
</xml>`,
  image: (e: Envelope, msgId: string) => `<xml>
  ${head(e, 'image')}
  <PicUrl><![CDATA[http://mmbiz.qpic.cn/example.jpg]]></PicUrl>
  <MediaId><![CDATA[media_id]]></MediaId>
  <MsgId>${msgId}</MsgId>
</xml>`,
  location: (e: Envelope, msgId: string) => `<xml>
  ${head(e, 'location')}
  <Location_X>23.134521</Location_X>
  <Location_Y>113.358803</Location_Y>
  <Scale>20</Scale>
  <Label><![CDATA[位置信息]]></Label>
  <MsgId>${msgId}</MsgId>
</xml>`,
  link: (e: Envelope, msgId: string) => `<xml>
  ${head(e, 'link')}
  <Title><![CDATA[公众平台官网链接]]></Title>
  <Description><![CDATA[公众平台官网链接]]></Description>
  <Url><![CDATA[url]]></Url>
  <MsgId>${msgId}</MsgId>
</xml>`,
  video: (e: Envelope, msgId: string, type: 'video' | 'shortvideo' = 'video') => `<xml>
  ${head(e, type)}
  <MediaId><![CDATA[media_id]]></MediaId>
  <ThumbMediaId><![CDATA[thumb_media_id]]></ThumbMediaId>
  <MsgId>${msgId}</MsgId>
</xml>`,
  event: (e: Envelope, event: string, eventKey?: string) => `<xml>
  ${head(e, 'event')}
  <Event><![CDATA[${event}]]></Event>${eventKey === undefined ? '' : `\n  <EventKey><![CDATA[${eventKey}]]></EventKey>`}
</xml>`,
};

// ---- a client that signs (and in safe mode encrypts) like WeChat's servers ----
export interface WechatAccount {
  token: string;
  appId?: string;
  encodingAesKey?: string;
}

export interface Sent {
  status: number;
  body: string;
  contentType: string | null;
}

export class WechatClient {
  readonly crypt?: WXBizMsgCryptInstance;
  private nonces = 0;

  constructor(
    readonly base: string,
    readonly account: WechatAccount,
    /** WeChat's clock: the timestamp it signs (seconds). */
    private readonly now: () => number,
  ) {
    if (account.encodingAesKey && account.appId)
      this.crypt = new WXBizMsgCrypt(account.token, account.encodingAesKey, account.appId);
  }

  /** A fresh nonce, as WeChat's are random (two clients of one account never share one). */
  nonce(): string {
    this.nonces += 1;
    return `${randomInt(1_000_000_000, 9_999_999_999)}${this.nonces}`;
  }

  /** The signed query of a plain request (signature over token, timestamp, nonce). */
  signed(timestamp = String(this.now()), nonce = this.nonce()): Record<string, string> {
    return { signature: sha1Sorted([this.account.token, timestamp, nonce]), timestamp, nonce };
  }

  async request(
    method: 'GET' | 'POST',
    query: Record<string, string>,
    body?: string | Buffer,
    type = 'text/xml',
  ) {
    const url = `${this.base}/wechat?${new URLSearchParams(query)}`;
    const res = await fetch(url, {
      method,
      body,
      headers: body === undefined ? {} : { 'content-type': type },
    });
    return {
      status: res.status,
      body: await res.text(),
      contentType: res.headers.get('content-type'),
    } satisfies Sent;
  }

  /** The signed query of a pushed message: WeChat adds the sender's openid to the URL. */
  pushQuery(message: string): Record<string, string> {
    return { ...this.signed(), openid: field(message, 'FromUserName') ?? '' };
  }

  /** 明文模式: the XML as is, the URL signed. */
  plain(message: string): Promise<Sent> {
    return this.request('POST', this.pushQuery(message), message);
  }

  /** 安全模式: only ToUserName and Encrypt in the body; msg_signature covers Encrypt. */
  safe(message: string): Promise<Sent> {
    const encrypt = this.encrypted(message);
    return this.request('POST', this.aesQuery(encrypt, message), this.envelope(message, encrypt));
  }

  /** 兼容模式: the plain fields and Encrypt side by side. */
  compatible(message: string): Promise<Sent> {
    const encrypt = this.encrypted(message);
    const body = message.replace('</xml>', `<Encrypt><![CDATA[${encrypt}]]></Encrypt>\n</xml>`);
    return this.request('POST', this.aesQuery(encrypt, message), body);
  }

  envelope(message: string, encrypt = this.encrypted(message)): string {
    return `<xml>\n  <ToUserName><![CDATA[${field(message, 'ToUserName')}]]></ToUserName>\n  <Encrypt><![CDATA[${encrypt}]]></Encrypt>\n</xml>`;
  }

  encrypted(message: string): string {
    if (!this.crypt) throw new Error('no EncodingAESKey for this account');
    return this.crypt.encrypt(message);
  }

  /** The query of an encrypted push of `message` (its sender as openid). */
  aesQuery(
    encrypt: string,
    message = '',
    timestamp = String(this.now()),
    nonce = this.nonce(),
  ): Record<string, string> {
    if (!this.crypt) throw new Error('no EncodingAESKey for this account');
    return {
      ...this.signed(timestamp, nonce),
      openid: field(message, 'FromUserName') ?? 'o_openid',
      encrypt_type: 'aes',
      msg_signature: this.crypt.getSignature(timestamp, nonce, encrypt),
    };
  }

  /** An encrypted reply checked and opened by wechat-crypto: the inner XML. */
  openReply(reply: string): string {
    if (!this.crypt) throw new Error('no EncodingAESKey for this account');
    const encrypt = field(reply, 'Encrypt') ?? '';
    const expected = this.crypt.getSignature(
      field(reply, 'TimeStamp') ?? '',
      field(reply, 'Nonce') ?? '',
      encrypt,
    );
    if (field(reply, 'MsgSignature') !== expected) throw new Error(`bad MsgSignature in reply: ${reply}`);
    const { message, id } = this.crypt.decrypt(encrypt);
    if (id !== this.account.appId) throw new Error(`reply encrypted for ${id}`);
    return message;
  }
}

/**
 * A MemoryStorage that answers after a delay, like a state store across the network
 * (Redis, a database): lets a test hold a turn open while WeChat's retry arrives.
 */
export class LatencyStorage extends MemoryStorage {
  delayMs = 0;

  private wait(): Promise<void> {
    return this.delayMs > 0 ? new Promise((resolve) => setTimeout(resolve, this.delayMs)) : Promise.resolve();
  }

  override async read(keys: string[]): Promise<StoreItems> {
    await this.wait();
    return super.read(keys);
  }

  override async write(changes: StoreItems): Promise<void> {
    await this.wait();
    return super.write(changes);
  }

  override async delete(keys: string[]): Promise<void> {
    await this.wait();
    return super.delete(keys);
  }
}
