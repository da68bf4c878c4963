// Express offers every request to each mounted router in turn, and a router tests each of its
// routes' patterns. A router whose route paths all begin with literal prefixes the request path
// does not start with cannot match it: gated, it is passed over with a string comparison per prefix.
import type { Request, RequestHandler, Router } from 'express';

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
