// WeChat's message encryption (消息加解密, "safe mode"): AES-256-CBC with the key decoded
// from the 43-character EncodingAESKey, the IV its first 16 bytes, and PKCS#7 padding to
// 32-byte blocks over random(16) + msg_len(4, big-endian) + msg + appid. Base64 on the wire.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const BLOCK = 32;
const RANDOM_BYTES = 16;

export class WechatCryptoError extends Error {}

/** 43 characters of base64 (without the trailing "=") that decode to a 32-byte key. */
export function isEncodingAesKey(value: string): boolean {
  return /^[A-Za-z0-9+/]{43}$/.test(value) && Buffer.from(`${value}=`, 'base64').length === 32;
}

export class WechatCipher {
  private readonly key: Buffer;
  private readonly iv: Buffer;

  /** `random`: the 16 leading random bytes of each message (injectable for test vectors). */
  constructor(
    encodingAesKey: string,
    private readonly appId: string,
    private readonly random: (size: number) => Buffer = randomBytes,
  ) {
    if (!isEncodingAesKey(encodingAesKey)) throw new WechatCryptoError('invalid EncodingAESKey');
    this.key = Buffer.from(`${encodingAesKey}=`, 'base64');
    this.iv = this.key.subarray(0, 16);
  }

  encrypt(message: string): string {
    const body = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length, 0);
    const plain = Buffer.concat([this.random(RANDOM_BYTES), length, body, Buffer.from(this.appId, 'utf8')]);
    const pad = BLOCK - (plain.length % BLOCK);
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
    return Buffer.concat([
      cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])),
      cipher.final(),
    ]).toString('base64');
  }

  /** The message inside `encrypted`; throws WechatCryptoError when it is malformed or for another app. */
  decrypt(encrypted: string): string {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypted) || encrypted.length % 4 !== 0)
      throw new WechatCryptoError('not base64');
    const data = Buffer.from(encrypted, 'base64');
    if (data.length < BLOCK || data.length % 16 !== 0) throw new WechatCryptoError('bad length');
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
      plain = Buffer.concat([decipher.update(data), decipher.final()]);
    } catch {
      throw new WechatCryptoError('cannot decrypt');
    }
    const pad = plain[plain.length - 1] ?? 0;
    if (
      pad < 1 ||
      pad > BLOCK ||
      pad > plain.length ||
      !plain.subarray(plain.length - pad).every((b) => b === pad)
    )
      throw new WechatCryptoError('bad padding');
    const content = plain.subarray(RANDOM_BYTES, plain.length - pad);
    if (content.length < 4) throw new WechatCryptoError('too short');
    const length = content.readUInt32BE(0);
    if (length > content.length - 4) throw new WechatCryptoError('bad message length');
    const appId = content.subarray(4 + length).toString('utf8');
    if (appId !== this.appId) throw new WechatCryptoError('message for another app');
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(content.subarray(4, 4 + length));
    } catch {
      throw new WechatCryptoError('not UTF-8');
    }
  }
}
