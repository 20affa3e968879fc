// WeChat's XML, both ways. Incoming: a flat <xml> of text fields; DOCTYPE and ENTITY
// declarations are refused outright and no entity is ever expanded (no XXE, no billion
// laughs). Outgoing: the passive text reply and the safe-mode envelope, values in CDATA.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export class WechatXmlError extends Error {}

/** The text fields of one message (<ToUserName>, <MsgType>, <Content>, <Encrypt> …). */
export type WechatFields = Readonly<Record<string, string>>;

const MAX_DEPTH = 6;
const CDATA = /<!\[CDATA\[[\s\S]*?\]\]>/g;
const DECLARATION = /<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  maxNestedTags: MAX_DEPTH,
});

export function parseWechatXml(text: string): WechatFields {
  // A user may type "<!DOCTYPE" in a message: only markup outside CDATA counts.
  if (DECLARATION.test(text.replace(CDATA, '')))
    throw new WechatXmlError('DOCTYPE/ENTITY declarations are refused');
  if (XMLValidator.validate(text) !== true) throw new WechatXmlError('malformed XML');
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch {
    throw new WechatXmlError('malformed XML');
  }
  const root = (doc as Record<string, unknown> | undefined)?.xml;
  if (root === null || typeof root !== 'object' || Array.isArray(root))
    throw new WechatXmlError('the root element must be <xml> with fields');
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(root as Record<string, unknown>)) {
    if (typeof value === 'string') fields[name] = value;
  }
  return fields;
}

/** Characters XML 1.0 cannot carry (controls, lone surrogates, U+FFFE/U+FFFF) removed. */
export function xmlSafe(value: string): string {
  let out = '';
  for (const ch of value) {
    const c = ch.codePointAt(0) ?? 0;
    const allowed =
      c === 0x9 ||
      c === 0xa ||
      c === 0xd ||
      (c >= 0x20 && !(c >= 0xd800 && c <= 0xdfff) && c !== 0xfffe && c !== 0xffff);
    if (allowed) out += ch;
  }
  return out;
}

export function cdata(value: string): string {
  return `<![CDATA[${xmlSafe(value).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

export interface TextReply {
  /** The user's openid (the message's FromUserName). */
  toUser: string;
  /** The official account (the message's ToUserName). */
  fromUser: string;
  createTime: number;
  content: string;
}

export function textReplyXml(r: TextReply): string {
  return (
    `<xml><ToUserName>${cdata(r.toUser)}</ToUserName><FromUserName>${cdata(r.fromUser)}</FromUserName>` +
    `<CreateTime>${Math.floor(r.createTime)}</CreateTime><MsgType>${cdata('text')}</MsgType>` +
    `<Content>${cdata(r.content)}</Content></xml>`
  );
}

export interface EncryptedEnvelope {
  encrypt: string;
  signature: string;
  timestamp: string;
  nonce: string;
}

export function encryptedReplyXml(e: EncryptedEnvelope): string {
  return (
    `<xml><Encrypt>${cdata(e.encrypt)}</Encrypt><MsgSignature>${cdata(e.signature)}</MsgSignature>` +
    `<TimeStamp>${e.timestamp}</TimeStamp><Nonce>${cdata(e.nonce)}</Nonce></xml>`
  );
}
