// Headers every response carries (X-Request-Id, X-RateLimit-*), staged on the response and
// written with its head. Node's setHeader lowercases each name and files it in the response's own
// dictionary, which writing the head then walks again; for four headers on every request that was
// a few per cent of a quote's CPU. Staged, they reach the wire one of two ways:
// - the JSON reply (json-reply.ts), when nothing else was set through setHeader, passes them with
//   its Content-Type and Content-Length to writeHead as one list, which Node writes as it is
//   (still checking every name and value);
// - any other head (Express's res.send, a stream, a reply that set headers of its own) gets them
//   through setHeader just before it is written. Every response carries them either way, and a
//   header of the same name a handler set itself wins, as it did when these were set first.
import type { Express, Response } from 'express';

const STAGED = Symbol('finos.stagedHeaders');
type WithStaged = { [STAGED]?: string[] };

/** Stages a header (name, value) for the response's head. */
export function stageHeader(res: Response, name: string, value: string): void {
  const r = res as WithStaged;
  const staged = r[STAGED];
  if (staged === undefined) r[STAGED] = [name, value];
  else staged.push(name, value);
}

/** The staged headers as a flat [name, value, …] list, now owned by the caller; the response keeps none. */
export function takeStaged(res: Response): string[] | undefined {
  const r = res as WithStaged;
  const staged = r[STAGED];
  if (staged !== undefined) r[STAGED] = undefined;
  return staged;
}

type WriteHead = (this: Response, statusCode: number, reason?: unknown, headers?: unknown) => Response;

/** Makes every head the app writes carry the staged headers (see above). */
export function installStagedHeaders(app: Express): void {
  const proto = app.response as unknown as { writeHead: WriteHead };
  const nodeWriteHead = proto.writeHead;
  proto.writeHead = function writeHead(this: Response, statusCode: number, reason?: unknown, headers?: unknown): Response {
    const staged = takeStaged(this);
    if (staged !== undefined) {
      for (let i = 0; i < staged.length; i += 2) if (!this.hasHeader(staged[i]!)) this.setHeader(staged[i]!, staged[i + 1]!);
    }
    return nodeWriteHead.call(this, statusCode, reason, headers);
  };
}
