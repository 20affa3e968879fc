// Every setting, read once at start-up from the environment and validated with zod.
// A bad value stops the start with a message naming the variable. See .env.example.
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .default('false')
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KNOWLEDGE_DIR: z.string().min(1).optional(),
  /** Largest request body accepted by the JSON endpoints, in bytes. */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(1048576).default(16384),
  /** A turn that takes longer than this is answered with an apology (ms). */
  TURN_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(4000),
  /** Log each turn (masked) — off in benchmarks. */
  LOG_TURNS: flag,
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Pure: parse an environment object (process.env or a test's own). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new ConfigError(`配置错误，服务未启动 (invalid configuration, not starting):\n${lines.join('\n')}`);
}
