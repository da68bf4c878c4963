// Express offers every request to each mounted router in turn, and a router tests each of its
// routes' patterns. A router whose route paths all begin with literal prefixes the request path
// does not start with cannot match it: gated, it is passed over with a string comparison per prefix;
// behind gatedAll, routers share one layer that looks only at those the path's key admits.
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';

/** Where a route path's literal part ends (path-to-regexp 8: `:param`, `*splat`, `{optional}`, `\` escapes). */
const PATTERN_START = /[:*{(\\]/;

/**
 * The lowercased literal prefixes of the router's routes, or null when some layer is not a route
 * with string paths (router-level middleware, a RegExp path): such a router is never skipped.
 * Lowercased because Express matches routes case-insensitively unless `case sensitive routing` is on.
 */
export function literalPrefixes(router: Router): string[] | null {
  const prefixes = new Set<string>();
  for (const layer of router.stack as Array<{ route?: { path?: unknown } }>) {
    const path = layer.route?.path;
    const paths = Array.isArray(path) ? path : [path];
    for (const p of paths) {
      if (typeof p !== 'string') return null;
      const cut = p.search(PATTERN_START);
      prefixes.add((cut < 0 ? p : p.slice(0, cut)).toLowerCase());
    }
  }
  return [...prefixes];
}

/**
 * The router, entered only by requests whose path could match one of its routes. The prefixes
 * are read on the first request, when every route has been declared.
 */
export function gated(router: Router): RequestHandler {
  let prefixes: string[] | null | undefined;
  return (req, res, next) => {
    if (prefixes === undefined) {
      prefixes = literalPrefixes(router);
      if (prefixes !== null && req.app.enabled('case sensitive routing')) prefixes = null;
    }
    if (prefixes !== null) {
      const path = lowercasePath(req);
      let possible = false;
      for (const p of prefixes) if (path.startsWith(p)) { possible = true; break; }
      if (!possible) return next();
    }
    return router(req, res, next);
  };
}

/** A router and the literal prefixes of its routes (null: it is entered by every request). */
interface Gate { router: Router; prefixes: string[] | null }

/**
 * A router that may match paths of one key, with the prefixes left to test against the whole
 * path (null: every path of the key may match).
 */
interface Candidate { index: number; router: Router; check: string[] | null }

/**
 * A path's key: the path up to its third '/' ('/v1/stocks' of '/v1/stocks/aapl'). A prefix with
 * fewer than three slashes can start the path only if it starts the key, and one with three or
 * more only if it has the path's key; so the routers a key admits are worked out once per key.
 */
function keyOf(path: string): string {
  const second = path.indexOf('/', 1);
  if (second < 0) return path;
  const third = path.indexOf('/', second + 1);
  return third < 0 ? path : path.slice(0, third);
}

function startsWithAny(path: string, prefixes: string[]): boolean {
  for (const p of prefixes) if (path.startsWith(p)) return true;
  return false;
}

/** The gates a path of this key may pass, in mount order. */
function candidatesOf(gates: Gate[], key: string): Candidate[] {
  const out: Candidate[] = [];
  gates.forEach(({ router, prefixes }, index) => {
    if (prefixes === null) return void out.push({ index, router, check: null });
    const check: string[] = [];
    for (const p of prefixes) {
      if (keyOf(p) !== p) {
        if (keyOf(p) === key) check.push(p);
      } else if (key.startsWith(p)) {
        return void out.push({ index, router, check: null });
      }
    }
    if (check.length > 0) out.push({ index, router, check });
  });
  return out;
}

/**
 * The routers, in order, as one Express layer: a request enters each router that could match its
 * path, exactly as it would pass through one `gated(router)` layer per router, but the routers
 * its path's key rules out are not even looked at, and Express runs one layer instead of many.
 * The prefixes are read on the first request, when every route has been declared.
 */
export function gatedAll(routers: Router[]): RequestHandler {
  let gates: Gate[] | undefined;
  // Candidates by key, kept only for the keys of the routers' own prefixes: clients' other paths
  // must not grow it.
  const byKey = new Map<string, Candidate[]>();
  let known: Set<string>;
  const candidates = (path: string): Candidate[] => {
    const key = keyOf(path);
    let list = byKey.get(key);
    if (list === undefined) {
      list = candidatesOf(gates!, key);
      if (known.has(key)) byKey.set(key, list);
    }
    return list;
  };
  // Enters the first candidate after `after` that the request's path (read afresh: a router's
  // handler may have rewritten req.url before passing the request on) could match.
  const enter = (req: Request, res: Response, next: NextFunction, after: number): void => {
    const path = lowercasePath(req);
    for (const c of candidates(path)) {
      if (c.index <= after) continue;
      if (c.check !== null && !startsWithAny(path, c.check)) continue;
      // An error skips the remaining routers, as Express skips layers that handle no errors.
      c.router(req, res, (err?: unknown) => (err ? next(err) : enter(req, res, next, c.index)));
      return;
    }
    next();
  };
  return (req, res, next) => {
    if (gates === undefined) {
      const sensitive = req.app.enabled('case sensitive routing');
      gates = routers.map((router) => ({ router, prefixes: sensitive ? null : literalPrefixes(router) }));
      known = new Set(gates.flatMap((g) => (g.prefixes ?? []).map(keyOf)));
    }
    enter(req, res, next, -1);
  };
}

// A request passes every gate in turn; the path is lowercased once, not once per router. `req.path`
// is a function of `req.url` alone, so the last URL seen keys the memo.
let lastUrl: string | undefined;
let lastPath = '';
function lowercasePath(req: Request): string {
  if (req.url !== lastUrl) {
    lastUrl = req.url;
    lastPath = req.path.toLowerCase();
  }
  return lastPath;
}
