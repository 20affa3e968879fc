// Every setting, read once at start-up from the environment and validated with zod.
// A bad value stops the start with a message naming the variable. See .env.example.
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3978),
  HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:\-[\]]+$/, '应为主机名或 IP 地址 (hostname or IP address)')
    .default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KNOWLEDGE_DIR: z.string().min(1).optional(),
  /** Largest request body accepted by the JSON endpoints, in bytes. */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(1048576).default(16384),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Pure: parse an environment object (process.env or a test's own). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // An empty variable (PORT=) means "not set": it takes the default instead of becoming 0.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = configSchema.safeParse(set);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new ConfigError(`配置错误，服务未启动 (invalid configuration, not starting):\n${lines.join('\n')}`);
}
