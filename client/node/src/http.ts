// The transport under every resource method: one HTTP exchange per attempt over node:http(s),
// retried with exponential backoff and jitter when that is safe, with the API key, a User-Agent
// and, on writes, an Idempotency-Key that stays the same across the retries of one call.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { APIError, connectionError, errorFromResponse, type FinosError } from './errors.ts';
import { VERSION } from './version.ts';

export const DEFAULT_BASE_URL = 'https://api.finos.com';
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_CONNECT_TIMEOUT = 30_000;
export const DEFAULT_TIMEOUT = 80_000;
/** A 429 is retried only when the server asks for a wait no longer than this. */
const MAX_RETRY_AFTER = 20_000;
const INITIAL_DELAY = 500;
const MAX_DELAY = 8_000;

export interface FinosOptions {
  /** Defaults to production, https://api.finos.com; the local sandbox is http://127.0.0.1:8080. */
  baseUrl?: string;
  /** Retries after the first attempt; 2 by default, 0 turns them off. */
  maxRetries?: number;
  /** Milliseconds to open the connection; 30 s by default. */
  connectTimeout?: number;
  /** Milliseconds the answer may stay silent once connected; 80 s by default. */
  timeout?: number;
  /** Headers sent with every call. */
  headers?: Record<string, string>;
}

/** Options any method takes as its last argument. */
export interface RequestOptions {
  /** Another API key for this call only. */
  apiKey?: string;
  /** Your own Idempotency-Key for a write; by default the SDK makes one per call. */
  idempotencyKey?: string;
  /** Read timeout for this call, in milliseconds. */
  timeout?: number;
  connectTimeout?: number;
  maxRetries?: number;
  headers?: Record<string, string>;
  /** Aborts the call, retries included. */
  signal?: AbortSignal;
}

export interface RequestSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The path template, e.g. `/v1/accounts/{account_id}`. */
  path: string;
  pathParams?: Record<string, unknown>;
  query?: Record<string, unknown> | undefined;
  body?: unknown;
  binary?: boolean;
  options?: RequestOptions | undefined;
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Thrown by one attempt; `retryable` says whether another attempt may help. */
class AttemptError extends Error {
  constructor(readonly error: FinosError, readonly retryable: boolean, readonly waitMs?: number) {
    super(error.message);
  }
}

function encodeQuery(query: Record<string, unknown> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function fillPath(template: string, values: Record<string, unknown> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if ((typeof value !== 'string' && typeof value !== 'number') || value === '') {
      throw new TypeError(`${template}: ${name} must be a non-empty string`);
    }
    return encodeURIComponent(String(value));
  });
}

/** Exponential backoff (0.5 s, 1 s, 2 s … capped at 8 s), each wait jittered down by up to half. */
export function backoff(retry: number): number {
  const base = Math.min(INITIAL_DELAY * 2 ** retry, MAX_DELAY);
  return base / 2 + Math.random() * (base / 2);
}

/** Retry-After in milliseconds (seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(header)) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(timer); reject(signal!.reason); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class HttpClient {
  readonly baseUrl: string;
  readonly userAgent = `finos-node/${VERSION} node/${process.version}`;

  constructor(private readonly apiKey: string | undefined, private readonly options: FinosOptions = {}) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  }

  /** Sends one call, retrying when safe; resolves to the parsed JSON (or bytes) of a 2xx answer. */
  async request<T>(spec: RequestSpec): Promise<T> {
    const opts = spec.options ?? {};
    const url = new URL(this.baseUrl + fillPath(spec.path, spec.pathParams) + encodeQuery(spec.query));
    const write = spec.method !== 'get';
    const headers: Record<string, string> = {
      Accept: spec.binary ? '*/*' : 'application/json',
      'User-Agent': this.userAgent,
      ...this.options.headers,
    };
    const key = opts.apiKey ?? this.apiKey;
    if (key) headers.Authorization = `Bearer ${key}`;
    // One key for the whole call: a retry after a lost answer is then a replay, never a second write.
    if (write) headers['Idempotency-Key'] = opts.idempotencyKey ?? randomUUID();
    let payload: Buffer | undefined;
    if (write && spec.body !== undefined) {
      payload = Buffer.from(JSON.stringify(spec.body), 'utf8');
      headers['Content-Type'] = 'application/json';
    }
    if (payload) headers['Content-Length'] = String(payload.length);
    Object.assign(headers, opts.headers);

    const maxRetries = Math.max(0, opts.maxRetries ?? this.options.maxRetries ?? DEFAULT_MAX_RETRIES);
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await this.send(url, spec.method.toUpperCase(), headers, payload, {
          connect: opts.connectTimeout ?? this.options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT,
          read: opts.timeout ?? this.options.timeout ?? DEFAULT_TIMEOUT,
        }, opts.signal);
        return this.interpret(res, spec.binary === true) as T;
      } catch (err) {
        if (!(err instanceof AttemptError)) throw err;
        if (!err.retryable || attempt >= maxRetries) throw err.error;
        await sleep(err.waitMs ?? backoff(attempt), opts.signal);
      }
    }
  }

  private interpret(res: RawResponse, binary: boolean): unknown {
    const text = () => res.body.toString('utf8');
    if (res.status >= 200 && res.status < 300) {
      if (binary) return res.body.buffer.slice(res.body.byteOffset, res.body.byteOffset + res.body.byteLength);
      if (res.body.length === 0) return undefined;
      try {
        return JSON.parse(text());
      } catch {
        const message = `The answer was not JSON: ${text().slice(0, 200)}`;
        throw new AttemptError(new APIError({ status: res.status, type: 'api_error', message, headers: res.headers, body: text() }), false);
      }
    }
    let body: unknown = text();
    try { body = JSON.parse(body as string); } catch { /* keep the text */ }
    const error = errorFromResponse(res.status, res.headers, body);
    if (res.status === 429) {
      const wait = retryAfterMs(res.headers['retry-after']);
      throw new AttemptError(error, wait === undefined || wait <= MAX_RETRY_AFTER, wait);
    }
    throw new AttemptError(error, res.status >= 500);
  }

  /** One attempt. Connection failures and timeouts become retryable AttemptErrors; a caller's abort does not. */
  private send(url: URL, method: string, headers: Record<string, string>, payload: Buffer | undefined,
    timeouts: { connect: number; read: number }, signal: AbortSignal | undefined): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const transport = url.protocol === 'https:' ? https : http;
      let settled = false;
      const fail = (cause: unknown) => {
        if (settled) return;
        settled = true;
        cleanup();
        if (signal?.aborted) return reject(signal.reason);
        reject(new AttemptError(connectionError(cause), true));
      };
      const req = transport.request(url, { method, headers });
      const connectTimer = setTimeout(() => req.destroy(new Error(`connection not established within ${timeouts.connect} ms`)), timeouts.connect);
      const onAbort = () => req.destroy(signal!.reason instanceof Error ? signal!.reason : new Error('aborted'));
      const cleanup = () => { clearTimeout(connectTimer); signal?.removeEventListener('abort', onAbort); };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('socket', (socket) => {
        const connected = () => clearTimeout(connectTimer);
        if (!socket.connecting) connected();
        else socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', connected);
      });
      req.setTimeout(timeouts.read, () => req.destroy(new Error(`no answer within ${timeouts.read} ms`)));
      req.on('error', fail);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('aborted', () => fail(new Error('the connection closed before the answer was complete')));
        res.on('end', () => {
          if (settled) return;
          if (!res.complete) return fail(new Error('the connection closed before the answer was complete'));
          settled = true;
          cleanup();
          const out: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks) });
        });
      });
      req.end(payload);
    });
  }
}
