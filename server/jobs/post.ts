// One webhook HTTP attempt: POST to the address that was checked (pinned, so a DNS answer that
// changes after the check is never used), bounded in time and in how much of the answer is read.
import http from 'node:http';
import https from 'node:https';
import { DELIVERY_TIMEOUT_MS, RESPONSE_BODY_MAX_BYTES } from '../domain/webhooks.ts';
import { pinnedLookup, type ResolvedAddress } from '../security/ssrf.ts';

export interface PostResult {
  /** The HTTP status, or null when no answer came (timeout, refused, reset). */
  httpStatus: number | null;
  /** Why the attempt failed, or null when it got an answer (the caller judges 2xx). */
  error: string | null;
  duration_ms: number;
}

export interface PostOptions {
  timeoutMs?: number;
  maxBodyBytes?: number;
}

// Keep-alive pools so a busy receiver is not paying a TCP (and TLS) handshake per event.
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16, scheduling: 'lifo' }),
  https: new https.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16, scheduling: 'lifo' }),
};

export function postJson(
  url: URL, pinned: ResolvedAddress, headers: Record<string, string>, body: string, opts: PostOptions = {},
): Promise<PostResult> {
  const timeoutMs = opts.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const maxBody = opts.maxBodyBytes ?? RESPONSE_BODY_MAX_BYTES;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const secure = url.protocol === 'https:';
  return new Promise((resolve) => {
    let settled = false;
    let answered: number | null = null;
    const finish = (httpStatus: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ httpStatus, error, duration_ms: elapsed() });
    };
    const req = (secure ? https : http).request({
      method: 'POST',
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || (secure ? 443 : 80),
      path: url.pathname + url.search,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      agent: secure ? agents.https : agents.http,
      lookup: pinnedLookup(pinned) as never,
      ...(secure ? { servername: url.hostname } : {}),
    }, (res) => {
      const status = res.statusCode ?? null;
      answered = status;
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        // Enough to know it answered; the rest is dropped and the socket with it.
        if (read > maxBody) {
          res.destroy();
          finish(status, null);
        }
      });
      res.on('end', () => finish(status, null));
      res.on('error', () => finish(status, null));
      res.on('close', () => finish(status, null));
    });
    // The whole attempt, connect to last byte, gets timeoutMs; a hung receiver loses its socket.
    // A status that already arrived stands even if the body never ends.
    const timer = setTimeout(() => {
      req.destroy(new Error('timeout'));
      finish(answered, answered === null ? `timeout after ${Math.round(timeoutMs / 1000)}s` : null);
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => finish(null, describe(err)));
    req.end(body);
  });
}

function describe(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED': return 'connection refused';
    case 'ECONNRESET': return 'connection reset';
    case 'ETIMEDOUT': return 'connection timed out';
    case 'EHOSTUNREACH': case 'ENETUNREACH': return 'host unreachable';
    default: return (err.code ? `${err.code}: ` : '') + err.message.slice(0, 200);
  }
}
