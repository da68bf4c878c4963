// A local webhook endpoint for tests: records every request (headers and raw body) and answers
// as the test's `behave` says: a status, a delay, a hang, a huge body or a connection reset. It can
// also go down (connections refused) and come back on the same port, for outage scenarios.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: http.IncomingHttpHeaders;
  /** The X-Finos-Event-Id header. */
  eventId: string;
  body: string;
  at: number;
}

export type Behaviour =
  | { status: number; body?: string }
  | { hang: true }
  | { huge: true; status?: number }
  | { reset: true };

export interface Receiver {
  url: string;
  received: Received[];
  /** Requests per event id (X-Finos-Event-Id). */
  countByEvent(): Map<string, number>;
  behave: (r: Received, n: number) => Behaviour;
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** Stops listening: connections are refused (ECONNREFUSED) until up(). */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(behave: Receiver['behave'] = () => ({ status: 200 })): Promise<Receiver> {
  const received: Received[] = [];
  const hung = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = { headers: req.headers, eventId: String(req.headers['x-finos-event-id']), body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      received.push(r);
      const b = receiver.behave(r, received.length);
      if ('hang' in b) {
        hung.add(res);
        return;
      }
      if ('reset' in b) {
        req.socket.destroy();
        return;
      }
      if ('huge' in b) {
        res.writeHead(b.status ?? 200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(64 * 1024, 'x');
        let sent = 0;
        // 50 MB if nobody stops reading; the worker should hang up after 64 KB.
        const pump = () => {
          while (sent < 800) {
            sent++;
            if (!res.write(chunk)) return res.once('drain', pump);
          }
          res.end();
        };
        res.on('error', () => {});
        pump();
        return;
      }
      res.writeHead(b.status, { 'content-type': 'text/plain' });
      res.end(b.body ?? '');
    });
  });
  server.keepAliveTimeout = 5_000;
  const listen = (at: number) => new Promise<number>((ok, fail) => {
    server.once('error', fail);
    server.listen(at, '127.0.0.1', () => {
      server.off('error', fail);
      ok((server.address() as AddressInfo).port);
    });
  });
  const stop = () => new Promise<void>((ok) => {
    for (const res of hung) res.destroy();
    hung.clear();
    if (!server.listening) return ok();
    server.closeAllConnections();
    server.close(() => ok());
  });
  const port = await listen(0);
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    behave,
    countByEvent() {
      const m = new Map<string, number>();
      for (const r of received) m.set(r.eventId, (m.get(r.eventId) ?? 0) + 1);
      return m;
    },
    async waitFor(count, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > until) throw new Error(`receiver got ${received.length} of ${count} requests`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    down: stop,
    async up() {
      await listen(port);
    },
    close: stop,
  };
  return receiver;
}
