// WeChat's signatures, encryption and XML against published test vectors and the
// independent wechat-crypto package (node-webot).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isEncodingAesKey, WechatCipher, WechatCryptoError } from '../../src/channels/wechat/crypto.js';
import { isFresh, signatureMatches, wechatSignature } from '../../src/channels/wechat/signature.js';
import {
  cdata,
  parseWechatXml,
  textReplyXml,
  WechatXmlError,
  xmlSafe,
} from '../../src/channels/wechat/xml.js';
import { WXBizMsgCrypt } from '../helpers/wechat.js';

const fixedRandom = (text: string) => () => Buffer.from(text, 'utf8');

describe('signatures', () => {
  // wechatpy tests/test_utils.py: test_check_signature_should_ok / _should_fail.
  it('token "test", timestamp 1410685589, nonce "test" → f21891de399b4e33a1a93c9a7b8a8fffb5a443ff', () => {
    expect(wechatSignature(['test', '1410685589', 'test'])).toBe('f21891de399b4e33a1a93c9a7b8a8fffb5a443ff');
    expect(signatureMatches('f21891de399b4e33a1a93c9a7b8a8fffb5a443ff', ['test', '1410685589', 'test'])).toBe(
      true,
    );
    expect(signatureMatches('f21891de399b4e33a1a93c9a7b8a8fffb5a443fe', ['test', '1410685589', 'test'])).toBe(
      false,
    );
  });

  // WeChat's WXBizMsgCrypt Sample.py: msg_signature over token, timestamp, nonce and Encrypt.
  it('msg_signature of the official sample is 5d197aaffba7e9b25a30732f161a50dee96bd5fa', () => {
    expect(wechatSignature(['spamtest', '1409735669', '1320562132', SAMPLE_ENCRYPT])).toBe(
      '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
    );
  });

  it.each([undefined, '', 'f21891de', 'z'.repeat(40), ['f21891de399b4e33a1a93c9a7b8a8fffb5a443ff'], 42])(
    'a malformed signature (%j) never matches',
    (given) => {
      expect(signatureMatches(given, ['test', '1410685589', 'test'])).toBe(false);
    },
  );

  const now = new Date('2026-11-25T02:00:00Z');
  const t = now.getTime() / 1000;
  it.each([
    [String(t), true],
    [String(t - 300), true],
    [String(t + 300), true],
    [String(t - 301), false],
    [String(t + 301), false],
    ['', false],
    ['1e9', false],
    ['-5', false],
    [undefined, false],
  ])('timestamp %j is fresh: %s', (timestamp, fresh) => {
    expect(isFresh(timestamp, now)).toBe(fresh);
  });
});

// WeChat's WXBizMsgCrypt Sample.py (微信公众平台 消息加解密 示例代码): the encrypted text message.
const SAMPLE_ENCRYPT =
  'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=';
const SAMPLE_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

describe('AES-256-CBC message encryption (消息加解密)', () => {
  it("decrypts WeChat's Sample.py message to its text message (MsgId kept as a 64-bit string)", () => {
    const inner = new WechatCipher(SAMPLE_KEY, 'wx2c2769f8efd9abc2').decrypt(SAMPLE_ENCRYPT);
    expect(parseWechatXml(inner)).toEqual({
      ToUserName: 'gh_10f6c3c3ac5a',
      FromUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
      CreateTime: '1409735668',
      MsgType: 'text',
      Content: 'abcdteT',
      MsgId: '6054768590064713728',
    });
  });

  // WeChat's Java sample test (WXBizMsgCryptTest.java): random "aaaabbbbccccdddd".
  it('encrypts "我是中文abcd123" to the published ciphertext of the Java sample', () => {
    const cipher = new WechatCipher(SAMPLE_KEY, 'wxb11529c136998cb6', fixedRandom('aaaabbbbccccdddd'));
    const expected =
      'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==';
    expect(cipher.encrypt('我是中文abcd123')).toBe(expected);
    expect(cipher.decrypt(expected)).toBe('我是中文abcd123');
  });

  // wechatpy tests/test_crypto.py test_encrypt_message: random "1234567890123456".
  it('encrypts and signs the wechatpy reply vector exactly', () => {
    const reply =
      '<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n<ToUserName><![CDATA[messense]]></ToUserName>\n<AgentID>1</AgentID>\n<CreateTime>1411525903</CreateTime>\n</xml>';
    const cipher = new WechatCipher(
      'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
      'wx49f0ab532d5d035a',
      fixedRandom('1234567890123456'),
    );
    const encrypt = cipher.encrypt(reply);
    expect(encrypt).toBe(
      '9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3',
    );
    expect(wechatSignature(['123456', '1411525903', '461056294', encrypt])).toBe(
      '407518b7649e86ef23978113f92d27afa9296533',
    );
  });

  it('round-trips any text with wechat-crypto, both ways', () => {
    const theirs = new WXBizMsgCrypt('spamtest', SAMPLE_KEY, 'wx2c2769f8efd9abc2');
    const ours = new WechatCipher(SAMPLE_KEY, 'wx2c2769f8efd9abc2');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(theirs.decrypt(ours.encrypt(text))).toEqual({ message: text, id: 'wx2c2769f8efd9abc2' });
        expect(ours.decrypt(theirs.encrypt(text))).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  const ours = new WechatCipher(SAMPLE_KEY, 'wx2c2769f8efd9abc2');
  /** The ciphertext with one byte changed (`from` counted from the end). */
  const flipped = (b64: string, from: number) => {
    const bytes = Buffer.from(b64, 'base64');
    const at = bytes.length - from;
    bytes[at] = (bytes[at] ?? 0) ^ 0x55;
    return bytes.toString('base64');
  };
  it.each([
    ['another AppID', () => new WechatCipher(SAMPLE_KEY, 'wx0000000000000000').decrypt(SAMPLE_ENCRYPT)],
    ['another key', () => new WechatCipher('B'.repeat(43), 'wx2c2769f8efd9abc2').decrypt(SAMPLE_ENCRYPT)],
    ['a changed last block', () => ours.decrypt(flipped(SAMPLE_ENCRYPT, 1))],
    ['not base64', () => ours.decrypt('这不是密文')],
    ['too short', () => ours.decrypt(Buffer.alloc(16).toString('base64'))],
    ['not a whole number of blocks', () => ours.decrypt(Buffer.alloc(40).toString('base64'))],
    ['empty', () => ours.decrypt('')],
  ])('%s → WechatCryptoError', (_name, decrypt) => {
    expect(decrypt).toThrow(WechatCryptoError);
  });

  it.each([
    [SAMPLE_KEY, true],
    ['kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR', true],
    [SAMPLE_KEY.slice(1), false],
    [`${SAMPLE_KEY}H`, false],
    [`${SAMPLE_KEY.slice(1)}=`, false],
    ['', false],
  ])('EncodingAESKey %j valid: %s', (key, valid) => {
    expect(isEncodingAesKey(key)).toBe(valid);
  });
});

describe('XML', () => {
  it('reads the text fields; nested and repeated elements are ignored', () => {
    const fields = parseWechatXml(
      '<?xml version="1.0"?><xml><FromUserName><![CDATA[o1]]></FromUserName><ScanCodeInfo><ScanType>qrcode</ScanType></ScanCodeInfo><A>1</A><A>2</A><Content>  江门 </Content></xml>',
    );
    expect(fields).toEqual({ FromUserName: 'o1', Content: '江门' });
  });

  it('never expands entities', () => {
    expect(parseWechatXml('<xml><Content>&lt;b&gt; &amp;</Content></xml>').Content).not.toContain('<b>');
  });

  it.each([
    ['<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><C>&x;</C></xml>', 'DOCTYPE'],
    ['<!doctype xml><xml><C>x</C></xml>', 'DOCTYPE'],
    ['<xml><!ENTITY x "y"><C>x</C></xml>', 'DOCTYPE'],
    ['<xml><C>x</C>', 'malformed'],
    ['<xml><C>x</D></xml>', 'malformed'],
    ['', 'malformed'],
    ['plain text', 'malformed'],
    ['<msg><C>x</C></msg>', 'root'],
    ['<xml>text only</xml>', 'root'],
    [`${'<a>'.repeat(50)}${'</a>'.repeat(50)}`, 'malformed'],
  ])('%j is refused', (text, reason) => {
    expect(() => parseWechatXml(text)).toThrow(WechatXmlError);
    try {
      parseWechatXml(text);
    } catch (error) {
      if (reason === 'DOCTYPE') expect((error as Error).message).toContain('DOCTYPE');
    }
  });

  it('"<!DOCTYPE" inside CDATA is text', () => {
    expect(parseWechatXml('<xml><Content><![CDATA[<!DOCTYPE html>]]></Content></xml>').Content).toBe(
      '<!DOCTYPE html>',
    );
  });

  it('a reply with "]]>", emoji and control characters reads back as the text (minus the controls)', () => {
    const content = 'a]]>b <![CDATA[ 👨‍👩‍👧 𠮷\u0001\u0008 \uD800 end';
    const reply = textReplyXml({ toUser: 'o1', fromUser: 'gh_1', createTime: 1, content });
    expect(parseWechatXml(reply)).toMatchObject({
      ToUserName: 'o1',
      MsgType: 'text',
      Content: xmlSafe(content).trim(),
    });
    expect(xmlSafe(content)).toBe('a]]>b <![CDATA[ 👨‍👩‍👧 𠮷  end');
    expect(cdata(']]>')).toBe('<![CDATA[]]]]><![CDATA[>]]>');
  });
});
