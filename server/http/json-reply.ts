// res.json for the app, on its common path without Express's general machinery. Express's
// res.json sets the Content-Type through a MIME lookup, then res.send parses that type again to
// set its charset and formats it back, asks whether the request is fresh (conditional headers),
// and only then writes. When none of that can change the outcome (no conditional request
// headers, no HEAD, a status that carries a body, no Content-Type or Transfer-Encoding set yet,
// no JSON settings on the app), this writes the very same headers and bytes directly; in every
// other case it is Express's own res.json.
import type { Express, Response } from 'express';
import { takeStaged } from './response-head.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

export function installJsonReply(app: Express): void {
  const expressJson = app.response.json;
  // Express reads these on every call; this app sets none of them (the fast path requires it).
  const plain = ['json escape', 'json replacer', 'json spaces'].every((s) => !app.get(s)) && !app.get('etag fn');
  if (!plain) return;
  app.response.json = function json(this: Response, body: unknown): Response {
    const req = this.req;
    const status = this.statusCode;
    if (
      req.method === 'HEAD' ||
      req.headers['if-none-match'] !== undefined ||
      req.headers['if-modified-since'] !== undefined ||
      status === 204 || status === 205 || status === 304 ||
      this.getHeader('content-type') !== undefined ||
      this.getHeader('transfer-encoding') !== undefined
    ) {
      return expressJson.call(this, body);
    }
    const text = textOf(body);
    if (typeof text !== 'string') return expressJson.call(this, body);
    const length = String(Buffer.byteLength(text, 'utf8'));
    if (this.getHeaderNames().length === 0) {
      // Nothing was set through setHeader: the staged headers and these go to writeHead as one list.
      const head = takeStaged(this) ?? [];
      head.push('Content-Type', JSON_TYPE, 'Content-Length', length);
      this.writeHead(status, head);
    } else {
      this.setHeader('Content-Type', JSON_TYPE);
      this.setHeader('Content-Length', length);
    }
    this.end(text, 'utf8');
    return this;
  };
}

/**
 * The text of frozen payloads shared between responses (a memoized quote, chart or stats) is made
 * once per payload, when everything in it is frozen too: such a payload cannot change, so neither
 * can its text. Anything else is serialized afresh.
 */
const FROZEN_TEXT = new WeakMap<object, string | null>();

function textOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !Object.isFrozen(body)) return JSON.stringify(body);
  const kept = FROZEN_TEXT.get(body);
  if (typeof kept === 'string') return kept;
  const text = JSON.stringify(body);
  // null: frozen, but something inside can change; looked at once.
  if (kept === undefined && typeof text === 'string') FROZEN_TEXT.set(body, deeplyFrozen(body) ? text : null);
  return text;
}

/** Plain objects and arrays, frozen all the way down (a Date or any other class could still change). */
function deeplyFrozen(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  if (!Object.isFrozen(value) || (proto !== Object.prototype && proto !== Array.prototype && proto !== null)) return false;
  for (const v of Object.values(value)) {
    if (typeof v === 'object' && v !== null && !deeplyFrozen(v)) return false;
    if (typeof v === 'function' || typeof v === 'symbol') return false;
  }
  return true;
}
