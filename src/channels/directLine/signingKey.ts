// The Direct Line signing key when DIRECTLINE_SECRET is not set: generated once and kept in
// the state folder (next to the SQLite file, mode 0600), so Web Chat tokens and
// conversations survive `npm start` restarts and `kill -9` on default settings. Several
// instances still have to share one DIRECTLINE_SECRET (each would otherwise make its own file).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../../config.js';

export const KEY_FILE_NAME = 'directline.key';

/** The same rule as DIRECTLINE_SECRET in src/config.ts. */
const VALID_KEY = /^[\x21-\x7e]{32,512}$/;

export interface StoredKey {
  key: string;
  file: string;
  created: boolean;
  /** The file was readable by others and has been set back to 0600. */
  tightened: boolean;
}

/** The key file of a state folder whose SQLite file is `sqlitePath`. */
export const keyFileFor = (sqlitePath: string): string => join(dirname(sqlitePath), KEY_FILE_NAME);

/**
 * Reads the key from `file`, or creates it. Undefined when the folder cannot be read or
 * written (read-only disk): the caller falls back to a key for this process only. A file with
 * something else in it stops the start: it may be a key someone placed there on purpose.
 */
export function loadOrCreateKey(file: string): StoredKey | undefined {
  const existing = readKey(file);
  if (existing) return existing;
  const key = randomBytes(32).toString('base64url');
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // wx: two processes starting on the same folder never overwrite each other's key.
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readKey(file);
    return undefined;
  }
  return { key, file, created: true, tightened: false };
}

function readKey(file: string): StoredKey | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // Missing, or the folder is unusable (a file in its place, no permission): like the
    // SQLite store, the server still starts (the caller warns).
    return undefined;
  }
  const key = text.trim();
  if (!VALID_KEY.test(key))
    throw new ConfigError(
      `Direct Line 签名密钥文件 ${file} 的内容无效（应为 32–512 个可见 ASCII 字符）：删除它即可重新生成，或设置 DIRECTLINE_SECRET / the Direct Line key file is invalid: delete it to make a new one, or set DIRECTLINE_SECRET`,
    );
  let tightened = false;
  if ((statSync(file).mode & 0o077) !== 0) {
    chmodSync(file, 0o600);
    tightened = true;
  }
  return { key, file, created: false, tightened };
}
