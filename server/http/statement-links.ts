// Signed statement links as a request sees them: FINOS_PUBLIC_URL, or the request's own scheme
// and host, with the app's master key and real clock.
import type { Request } from 'express';
import { systemClock } from '../clock.ts';
import { linkIssuer, type LinkIssuer } from '../services/statement-links.ts';
import { appDeps } from './context.ts';
import { publicBase } from './pagination.ts';

/** The issuer for a request: FINOS_PUBLIC_URL or the request's own scheme and host. */
export function requestLinkIssuer(req: Request): LinkIssuer {
  const deps = appDeps(req);
  return linkIssuer(deps.config.masterKey, publicBase(req), deps.realClock ?? systemClock);
}
