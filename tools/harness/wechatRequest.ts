// WeChat's plain-mode requests as its servers send them (a signed URL, the XML message), for
// the load tools and the HTTP fuzz test.
import { createHash } from 'node:crypto';

/**
 * Path and query of a plain-mode WeChat POST signed with `token` (fresh timestamp, new nonce),
 * naming the sender's `openid` as WeChat's pushes do.
 */
export function signedWechatPath(token: string, nonce: string, openid: string, now = Date.now()): string {
  const timestamp = String(Math.floor(now / 1000));
  const signature = createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
  return `/wechat?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}&openid=${encodeURIComponent(openid)}`;
}

const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

/** A WeChat text message as the platform posts it. */
export function wechatTextXml(openid: string, text: string, msgId: string, now = Date.now()): string {
  return (
    `<xml><ToUserName>${cdata('gh_yidibench')}</ToUserName><FromUserName>${cdata(openid)}</FromUserName>` +
    `<CreateTime>${Math.floor(now / 1000)}</CreateTime><MsgType>${cdata('text')}</MsgType>` +
    `<Content>${cdata(text)}</Content><MsgId>${msgId}</MsgId></xml>`
  );
}
