// The statement link issuer for a request: its app's key and real clock, and FINOS_PUBLIC_URL or
// the scheme and host the request came in on, so signed links point back where the caller is.
import type { Request } from 'express';
import { linkIssuer, type LinkIssuer } from '../services/statements.ts';
import { appDeps } from './context.ts';
import { publicBase } from './pagination.ts';

export function requestLinkIssuer(req: Request): LinkIssuer {
  return linkIssuer(appDeps(req), publicBase(req));
}
