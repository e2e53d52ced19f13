import { isIP } from 'node:net';
import type { Redis, RedisOptions } from 'ioredis';
import { UserError } from '../../../env/errors/errors.js';
import { redactUrl, redactUrls } from '../../io/redact-url.js';
import { withTimeout } from './with-timeout.js';

/** A parsed `--redis` URL: connection options, a printable form, and the secrets to keep out of any text. */
export interface RedisTarget {
  readonly options: RedisOptions;
  /** The URL with its credentials replaced by `***`: the only form that may be printed or stored. */
  readonly display: string;
  readonly secrets: readonly string[];
}

/** How long a connection attempt may take before the command gives up (the issue: "within a few seconds"). */
export const CONNECT_TIMEOUT_MS = 5000;

/**
 * Parses `redis://[user:password@]host[:port][/db]` or `rediss://...` (TLS; the server's
 * certificate is checked against Node's CAs, plus NODE_EXTRA_CA_CERTS for a private CA).
 * @throws UserError naming the flag and the (redacted) value
 */
export function parseRedisUrl(flag: string, url: string): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    parsed = new URL('invalid:');
  }
  const db = parsed.pathname.replace(/^\//, '');
  if ((parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || parsed.hostname === '' || !/^\d*$/.test(db)) {
    throw new UserError(`--${flag} must be a URL redis://[user:password@]host[:port][/db] or rediss://... (TLS), got ${JSON.stringify(redactUrl(url))}`);
  }
  const username = decodePart(flag, 'user name', parsed.username, url);
  const password = decodePart(flag, 'password', parsed.password, url);
  const credentials = parsed.username !== '' || parsed.password !== '';
  const hostname = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const options: RedisOptions = {
    host: hostname,
    port,
    db: db === '' ? 0 : Number(db),
    ...(username !== '' && { username }),
    ...(password !== '' && { password }),
    // SNI names a host, never an address (RFC 6066).
    ...(parsed.protocol === 'rediss:' && { tls: isIP(hostname) ? {} : { servername: hostname } }),
    connectTimeout: CONNECT_TIMEOUT_MS,
  };
  const display = `${parsed.protocol}//${credentials ? '***@' : ''}${parsed.host}${db === '' ? '' : `/${db}`}`;
  // The user name is not a secret; a password shorter than 3 characters cannot be masked in free text.
  const secrets = [url, parsed.password, password].filter((s) => s.length >= 3);
  return { options, display, secrets };
}

/** A percent-encoded part of the URL, decoded. @throws UserError (never a URIError stack) for a malformed escape such as `%E0` */
function decodePart(flag: string, what: string, encoded: string, url: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new UserError(`--${flag} has a ${what} that is not valid percent-encoding (encode each special character as %XX of its UTF-8 bytes), got ${JSON.stringify(redactUrl(url))}`);
  }
}

/** `text` with the target's URL replaced by its display form, its password by `***`, and any other URL's credentials masked. */
export function redact(target: RedisTarget, text: string): string {
  let out = text;
  for (const secret of [...target.secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join(secret === target.secrets[0] ? target.display : '***');
  return redactUrls(out);
}

/**
 * Connection options for the long-lived BullMQ connections of a worker or a submitter, opened
 * after {@link checkRedis} succeeded: BullMQ needs `maxRetriesPerRequest: null`, and a worker
 * should outlive a Redis restart, so reconnects back off to 5 s and never give up.
 */
export function bullConnection(target: RedisTarget): RedisOptions {
  return { ...target.options, maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(250 * times, 5000) };
}

/**
 * Connects once, without retries, and pings, so that a wrong host, port, password or TLS setting is
 * one line within {@link CONNECT_TIMEOUT_MS} instead of a silent reconnect loop.
 * @returns a long-lived client that reconnects like {@link bullConnection} (the caller quits it)
 * @throws UserError naming the redacted URL and the reason
 */
export async function checkRedis(target: RedisTarget): Promise<Redis> {
  // Loaded here, not at the top: the CLI reaches this module for --redis's URL parsing, and every
  // `execgym` start paid ioredis's load (issue 26).
  const { Redis } = await import('ioredis');
  const client = new Redis({ ...target.options, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // The error event names the cause (ECONNREFUSED, a TLS error); the rejection only says "Connection is closed".
  let cause: Error | null = null;
  client.on('error', (error: Error) => (cause ??= error));
  try {
    await withTimeout(client.connect().then(() => client.ping()), CONNECT_TIMEOUT_MS + 500);
    client.disconnect();
    // The client kept is a long-lived one: it reconnects (and its errors surface through its commands).
    const kept = new Redis(bullConnection(target));
    kept.on('error', () => {});
    return kept;
  } catch (error) {
    client.disconnect();
    const message = (cause ?? (error as Error)).message || String(error);
    throw new UserError(`cannot reach Redis at ${target.display}: ${redact(target, message)}`);
  }
}
