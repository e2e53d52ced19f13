import { UserError } from '../../env/errors/errors.js';
import { parseRedisUrl, type RedisTarget } from '../sweep/queue/redis-target.js';
import { stringFlag } from './flags.js';

/** The environment variable that may hold the Redis URL, so a password stays out of process listings. */
export const REDIS_URL_ENV = 'EXECGYM_REDIS_URL';

/** The URL of `--redis URL`, or EXECGYM_REDIS_URL for a bare or absent `--redis`. @throws UserError when neither is set */
export function redisUrlFlag(raw: unknown): string {
  const url = raw === undefined || raw === '' ? process.env[REDIS_URL_ENV] : stringFlag('redis', raw);
  if (url === undefined || url === '') throw new UserError(`--redis needs a URL redis://[user:password@]host[:port][/db] or rediss://..., or ${REDIS_URL_ENV} set`);
  return url;
}

/** {@link redisUrlFlag}, parsed. @throws UserError for a missing or malformed URL (printed without its password) */
export function redisFlag(raw: unknown): RedisTarget {
  return parseRedisUrl('redis', redisUrlFlag(raw));
}

export const redisOption = { type: 'string', describe: `Redis URL redis://[user:password@]host[:port][/db] or rediss:// (TLS); default $${REDIS_URL_ENV}` } as const;
