// res.json for the app, on its common path without Express's general machinery. Express's
// res.json sets the Content-Type through a MIME lookup, then res.send parses that type again to
// set its charset and formats it back, asks whether the request is fresh (conditional headers),
// and only then writes. When none of that can change the outcome (no conditional request
// headers, no HEAD, a status that carries a body, no Content-Type or Transfer-Encoding set yet,
// no JSON settings on the app), this writes the very same headers and bytes directly; in every
// other case it is Express's own res.json.
import type { Express, Response } from 'express';

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
    const text = JSON.stringify(body);
    if (typeof text !== 'string') return expressJson.call(this, body);
    this.setHeader('Content-Type', JSON_TYPE);
    this.setHeader('Content-Length', String(Buffer.byteLength(text, 'utf8')));
    this.end(text, 'utf8');
    return this;
  };
}
