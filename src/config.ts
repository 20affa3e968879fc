// Every setting, read once at start-up from the environment and validated with zod: each
// default, each rule between settings and each production rule is here (nowhere else), so
// a bad value stops the start with a message naming the variable. See .env.example.
import { join } from 'node:path';
import { z } from 'zod';

const PORT_RANGE = '应为 0–65535 的端口号 / must be a port number from 0 to 65535';
const port = z.coerce.number({ error: PORT_RANGE }).int(PORT_RANGE).min(0, PORT_RANGE).max(65535, PORT_RANGE);

/** Default of RESULT_CACHE_SIZE (also what createMemoryApp uses): ~2 MB of match results. */
export const RESULT_CACHE_SIZE = 2000;

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3978),
  HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:\-[\]]+$/, '应为主机名或 IP 地址 (hostname or IP address)')
    .default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KNOWLEDGE_DIR: z.string().min(1).optional(),
  /**
   * Reverse proxies whose X-Forwarded-For/-Proto are believed (client address for rate limits,
   * https for the Secure cookie): comma-separated addresses or CIDRs, or loopback /
   * uniquelocal / linklocal; unset: none (the socket's address and protocol count).
   */
  TRUST_PROXY: z
    .string()
    .regex(
      /^(?:loopback|uniquelocal|linklocal|[0-9A-Fa-f:.]+(?:\/\d{1,3})?)(?:\s*,\s*(?:loopback|uniquelocal|linklocal|[0-9A-Fa-f:.]+(?:\/\d{1,3})?))*$/,
      '应为以逗号分隔的代理地址或网段，如 127.0.0.1 或 10.0.0.0/8 / must be comma-separated proxy addresses or CIDRs such as 127.0.0.1 or 10.0.0.0/8',
    )
    .optional(),
  /** After SIGTERM, keep accepting this long (ms) while /healthz says shutting-down. */
  SHUTDOWN_DRAIN_MS: z.coerce
    .number({ error: '应为 0–60000 的整数 / must be a whole number from 0 to 60000' })
    .int('应为 0–60000 的整数 / must be a whole number from 0 to 60000')
    .min(0, '应为 0–60000 的整数 / must be a whole number from 0 to 60000')
    .max(60000, '应为 0–60000 的整数 / must be a whole number from 0 to 60000')
    .default(1000),
  /** Largest request body accepted by the JSON endpoints, in bytes. */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(1048576).default(16384),
  /** Requests per minute from one client address (not /wechat, /api/messages, /healthz); 0 = off. */
  RATE_LIMIT_PER_IP_PER_MIN: z.coerce
    .number({ error: '应为非负整数 / must be a whole number ≥ 0' })
    .int('应为非负整数 / must be a whole number ≥ 0')
    .min(0, '应为非负整数 / must be a whole number ≥ 0')
    .default(300),
  /** Messages per minute from one user of a channel; 0 = off. */
  RATE_LIMIT_PER_USER_PER_MIN: z.coerce
    .number({ error: '应为非负整数 / must be a whole number ≥ 0' })
    .int('应为非负整数 / must be a whole number ≥ 0')
    .min(0, '应为非负整数 / must be a whole number ≥ 0')
    .default(30),
  // Bot Framework (Azure Bot Service, Emulator): POST /api/messages. Names as in Azure.
  MicrosoftAppId: z.string().trim().min(1).max(128).optional(),
  MicrosoftAppPassword: z.string().min(1).max(512).optional(),
  MicrosoftAppType: z
    .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], {
      error:
        '应为 MultiTenant、SingleTenant 或 UserAssignedMSI / must be MultiTenant, SingleTenant or UserAssignedMSI',
    })
    .optional(),
  MicrosoftAppTenantId: z.string().trim().min(1).max(128).optional(),
  /** off | on; unset: on with an app id, off without. On without an app id: its own loopback listener only. */
  BOT_FRAMEWORK_ENDPOINT: z.enum(['off', 'on'], { error: '应为 off 或 on / must be off or on' }).optional(),
  /** Port of the loopback-only listener of /api/messages when it is on without an app id. */
  BOT_FRAMEWORK_DEV_PORT: port.default(3979),
  /** Deadline of one reply call to the channel's serviceUrl, ms; past it the caller gets 504. */
  BOT_FRAMEWORK_REPLY_TIMEOUT_MS: z.coerce
    .number({ error: '应为 100–60000 的整数 / must be a whole number from 100 to 60000' })
    .int('应为 100–60000 的整数 / must be a whole number from 100 to 60000')
    .min(100, '应为 100–60000 的整数 / must be a whole number from 100 to 60000')
    .max(60000, '应为 100–60000 的整数 / must be a whole number from 100 to 60000')
    .default(10_000),
  /** More service hosts the bot may reply to when authenticated (comma-separated host names). */
  BOT_FRAMEWORK_SERVICE_HOSTS: z
    .string()
    .regex(
      /^[A-Za-z0-9.-]+(?:\s*,\s*[A-Za-z0-9.-]+)*$/,
      '应为以逗号分隔的主机名 / must be comma-separated host names',
    )
    .transform((v) => v.split(',').map((h) => h.trim().toLowerCase()))
    .default([]),
  /** Staff lookup (/staff, /api/search): when set, a Bearer token or the login cookie is required. */
  STAFF_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]+$/, '只能包含可见的 ASCII 字符，不能有空格 (printable ASCII, no spaces)')
    .min(16, '至少16个字符 (at least 16 characters)')
    .max(256, '最多256个字符 (at most 256 characters)')
    .optional(),
  // Web Chat over Direct Line 3.0 (/, /embed.js, /v3/directline/*). See .env.example.
  /** Signs Direct Line tokens; unset: kept in STATE_DIR/directline.key (instances behind one address must share it). */
  DIRECTLINE_SECRET: z
    .string()
    .regex(/^[\x21-\x7e]+$/, '只能包含可见的 ASCII 字符，不能有空格 / printable ASCII, no spaces')
    .min(32, '至少 32 个字符 / at least 32 characters')
    .max(512, '最多 512 个字符 / at most 512 characters')
    .optional(),
  /** New Web Chat / Direct Line tokens (new users) per client address per minute; 0 = off. */
  DIRECTLINE_TOKENS_PER_IP_PER_MIN: z.coerce
    .number({ error: '应为非负整数 / must be a whole number ≥ 0' })
    .int('应为非负整数 / must be a whole number ≥ 0')
    .min(0, '应为非负整数 / must be a whole number ≥ 0')
    .default(20),
  /** Lifetime of a Direct Line token in seconds; clients refresh before it ends. */
  DIRECTLINE_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(1800),
  /** self: this server is the Direct Line service; azure: the page talks to Azure. */
  DIRECTLINE_MODE: z
    .enum(['self', 'azure'], { error: '应为 self 或 azure / must be self or azure' })
    .default('self'),
  DIRECTLINE_AZURE_SECRET: z.string().min(1).max(512).optional(),
  /** Azure Direct Line base URL (Azure China: https://directline.botframework.azure.cn/v3/directline). */
  DIRECTLINE_AZURE_DOMAIN: z
    .url({ protocol: /^https$/, error: '应为 https:// 地址 / must be an https:// URL' })
    .default('https://directline.botframework.com/v3/directline'),
  /** Web Chat build served to the page: minimal (half the size, no Adaptive Cards) or full. */
  WEBCHAT_BUNDLE: z
    .enum(['minimal', 'full'], { error: '应为 minimal 或 full / must be minimal or full' })
    .default('minimal'),
  /** Sites that may embed the chat page in an iframe (CSP frame-ancestors). */
  WEBCHAT_FRAME_ANCESTORS: z
    .string()
    .regex(
      /^(?:'self'|'none'|https?:\/\/(?:\*\.)?[A-Za-z0-9.-]+(?::\d{1,5})?)(?:\s+(?:'self'|https?:\/\/(?:\*\.)?[A-Za-z0-9.-]+(?::\d{1,5})?))*$/,
      "应为以空格分隔的来源，如 'self' https://www.example.gov.cn / space-separated origins such as 'self' https://www.example.gov.cn",
    )
    .default("'self'"),
  // WeChat official account (公众号) at /wechat: registered only when WECHAT_TOKEN is set.
  /** The Token of the account's server configuration (服务器配置): 3–32 letters or digits. */
  WECHAT_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{3,32}$/, '应为 3–32 个英文字母或数字 / must be 3–32 letters or digits')
    .optional(),
  /** The account's AppID; decrypted messages must name it (safe and compatible modes). */
  WECHAT_APPID: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{1,64}$/,
      '应为公众号的 AppID，如 wx1234567890abcdef / must be an AppID such as wx1234567890abcdef',
    )
    .optional(),
  /** EncodingAESKey (消息加解密密钥): 43 letters and digits; needed for safe and compatible modes. */
  WECHAT_ENCODING_AES_KEY: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, '应为 43 个英文字母或数字 / must be 43 letters or digits')
    .optional(),
  /** plain | compatible | safe (safe refuses plaintext); unset: safe with an EncodingAESKey, else plain. */
  WECHAT_MODE: z
    .enum(['plain', 'compatible', 'safe'], {
      error: '应为 plain、compatible 或 safe / must be plain, compatible or safe',
    })
    .optional(),
  /** The account's original id (原始ID, gh_…): messages addressed to another account are refused. */
  WECHAT_ACCOUNT_ID: z
    .string()
    .regex(
      /^[A-Za-z0-9_@.-]{1,64}$/,
      '应为公众号的原始 ID，如 gh_0123456789ab / must be the original id such as gh_0123456789ab',
    )
    .optional(),
  /** Answer WeChat within this many ms ("success" if the bot is slower; WeChat waits 5 s). */
  WECHAT_REPLY_DEADLINE_MS: z.coerce
    .number({ error: '应为 100–4800 的整数 / must be a whole number from 100 to 4800' })
    .int('应为 100–4800 的整数 / must be a whole number from 100 to 4800')
    .min(100, '应为 100–4800 的整数 / must be a whole number from 100 to 4800')
    .max(4800, '应为 100–4800 的整数 / must be a whole number from 100 to 4800')
    .default(4500),
  // Conversation state and the turn log (src/storage).
  /** sqlite | memory | redis (several instances); unset: sqlite, memory when NODE_ENV=test. */
  STORAGE: z
    .enum(['sqlite', 'memory', 'redis'], {
      error: '应为 sqlite、memory 或 redis / must be sqlite, memory or redis',
    })
    .optional(),
  /** Folder of the SQLite file (relative to the working directory). */
  STATE_DIR: z.string().min(1).default('data'),
  /** The SQLite file; unset: STATE_DIR/yidi.sqlite. */
  SQLITE_PATH: z.string().min(1).optional(),
  /** Idle conversations are forgotten after this many days (0 = never). */
  STATE_TTL_DAYS: z.coerce
    .number({ error: '应为天数 / must be a number of days' })
    .min(0, '应为 0–3650 天 / must be 0–3650 days')
    .max(3650, '应为 0–3650 天 / must be 0–3650 days')
    .default(30),
  /** redis://[:password@]host:port[/db] or rediss:// (TLS); comma-separated for sentinel/cluster. */
  REDIS_URL: z
    .string()
    .regex(
      /^rediss?:\/\/[^\s,]+(?:,rediss?:\/\/[^\s,]+)*$/,
      '应为 redis:// 或 rediss:// 地址（可用逗号分隔多个）/ must be redis:// or rediss:// URL(s), comma-separated',
    )
    .optional(),
  REDIS_MODE: z
    .enum(['standalone', 'sentinel', 'cluster'], {
      error: '应为 standalone、sentinel 或 cluster / must be standalone, sentinel or cluster',
    })
    .default('standalone'),
  /** Master group name when REDIS_MODE=sentinel. */
  REDIS_SENTINEL_NAME: z.string().min(1).max(128).optional(),
  /** Prefix of every Redis key, so deployments can share one Redis. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,32}$/, '应为 1–32 个字母、数字或 :_.- / must be 1–32 of A-Z a-z 0-9 : _ . -')
    .default('yidi:'),
  /** Lifetime of a conversation's turn lock in Redis, ms; longer than any turn. */
  LOCK_TTL_MS: z.coerce.number().int().min(1000).max(600000).default(30_000),
  /** on | off: record each turn for the curators' report (npm run report). */
  TURN_LOG: z.enum(['on', 'off'], { error: '应为 on 或 off / must be on or off' }).default('on'),
  /** Keep at most this many turn log records. */
  TURN_LOG_MAX: z.coerce.number().int().min(100).max(100_000_000).default(100_000),
  /** Repeated questions: at most this many match results kept in memory per process (0 = off). */
  RESULT_CACHE_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(RESULT_CACHE_SIZE),
  /** Salt of every state, lock, dedupe and rate-limit key and of the turn log's hashes; required in production (unset elsewhere: a fixed development salt). */
  USER_HASH_SALT: z
    .string()
    .min(16, '至少 16 个字符 / at least 16 characters')
    .max(256, '最多 256 个字符 / at most 256 characters')
    .optional(),
});

/** Used outside production only: hashes stay stable between restarts of a development box. */
export const DEVELOPMENT_SALT = 'yidi-development-salt-not-secret';

/** The schema with its cross-field checks and the defaults that depend on other settings. */
const checkedConfigSchema = configSchema
  .superRefine(checkBotFrameworkSettings)
  .superRefine((c, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (c.STORAGE === 'redis' && !c.REDIS_URL)
      issue(
        'REDIS_URL',
        'STORAGE=redis 需要 Redis 地址，如 redis://127.0.0.1:6379 / is required when STORAGE=redis',
      );
    if (c.REDIS_MODE === 'sentinel' && !c.REDIS_SENTINEL_NAME)
      issue(
        'REDIS_SENTINEL_NAME',
        'REDIS_MODE=sentinel 需要主节点组名 / is required when REDIS_MODE=sentinel',
      );
  })
  .superRefine((c, ctx) => {
    if (c.DIRECTLINE_MODE === 'azure' && !c.DIRECTLINE_AZURE_SECRET)
      ctx.addIssue({
        code: 'custom',
        path: ['DIRECTLINE_AZURE_SECRET'],
        message: 'DIRECTLINE_MODE=azure 需要 Azure Direct Line 密钥 / is required when DIRECTLINE_MODE=azure',
      });
  })
  .superRefine((c, ctx) => {
    // Every storage, lock and dedupe key is an HMAC with this salt, whatever TURN_LOG says: a
    // known salt would let anyone who reads the store test guessed phone numbers against its keys.
    if (c.NODE_ENV === 'production' && !c.USER_HASH_SALT)
      ctx.addIssue({
        code: 'custom',
        path: ['USER_HASH_SALT'],
        message:
          '生产环境必须设置（至少 16 个字符的随机串，存储键和对话日志都用它加盐）/ is required in production (a random string of 16+ characters: it salts every storage key and the turn log)',
      });
  })
  .superRefine((c, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (!c.WECHAT_TOKEN && (c.WECHAT_APPID || c.WECHAT_ENCODING_AES_KEY))
      issue(
        'WECHAT_TOKEN',
        '设置了微信 AppID 或 EncodingAESKey，也需要设置 Token / is required with the other WECHAT_ settings',
      );
    if (c.WECHAT_ENCODING_AES_KEY && !c.WECHAT_APPID)
      issue(
        'WECHAT_APPID',
        '使用 EncodingAESKey（安全/兼容模式）需要 AppID / is required with WECHAT_ENCODING_AES_KEY',
      );
    if ((c.WECHAT_MODE === 'safe' || c.WECHAT_MODE === 'compatible') && !c.WECHAT_ENCODING_AES_KEY)
      issue(
        'WECHAT_ENCODING_AES_KEY',
        `WECHAT_MODE=${c.WECHAT_MODE} 需要 EncodingAESKey 和 AppID / is required when WECHAT_MODE=${c.WECHAT_MODE}`,
      );
  })
  .transform((c) => ({
    ...c,
    STORAGE: c.STORAGE ?? (c.NODE_ENV === 'test' ? 'memory' : 'sqlite'),
    SQLITE_PATH: c.SQLITE_PATH ?? join(c.STATE_DIR, 'yidi.sqlite'),
    USER_HASH_SALT: c.USER_HASH_SALT ?? DEVELOPMENT_SALT,
    // Unset: on when an app id authenticates the channel, off when nothing does.
    BOT_FRAMEWORK_ENDPOINT: c.BOT_FRAMEWORK_ENDPOINT ?? (c.MicrosoftAppId ? 'on' : 'off'),
    // Unset: safe (plaintext refused) when an EncodingAESKey is configured, plain without one.
    WECHAT_MODE: c.WECHAT_MODE ?? (c.WECHAT_ENCODING_AES_KEY ? 'safe' : 'plain'),
    // Unset: no proxy is believed (the socket's address and protocol count).
    TRUST_PROXY: c.TRUST_PROXY ?? false,
  }));

export type Config = z.output<typeof checkedConfigSchema>;

export class ConfigError extends Error {}

/** Pure: parse an environment object (process.env or a test's own). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // An empty variable (PORT=) means "not set": it takes the default instead of becoming 0.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = checkedConfigSchema.safeParse(set);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new ConfigError(`配置错误，服务未启动 (invalid configuration, not starting):\n${lines.join('\n')}`);
}

/** The combinations the Bot Framework SDK would reject only at the first message. */
function checkBotFrameworkSettings(
  c: {
    MicrosoftAppId?: string;
    MicrosoftAppPassword?: string;
    MicrosoftAppType?: string;
    MicrosoftAppTenantId?: string;
  },
  ctx: z.RefinementCtx,
): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  const type = c.MicrosoftAppType ?? 'MultiTenant';
  if (!c.MicrosoftAppId) {
    for (const key of ['MicrosoftAppPassword', 'MicrosoftAppTenantId', 'MicrosoftAppType'] as const)
      if (c[key]) issue(key, '需要同时设置 MicrosoftAppId / requires MicrosoftAppId');
    return;
  }
  if (type === 'UserAssignedMSI' && c.MicrosoftAppPassword)
    issue('MicrosoftAppPassword', '托管标识不使用密码，请留空 / must be empty for UserAssignedMSI');
  if (type !== 'UserAssignedMSI' && !c.MicrosoftAppPassword)
    issue('MicrosoftAppPassword', `${type} 需要应用密码 / is required for ${type}`);
  if (type !== 'MultiTenant' && !c.MicrosoftAppTenantId)
    issue('MicrosoftAppTenantId', `${type} 需要租户 ID / is required for ${type}`);
}
