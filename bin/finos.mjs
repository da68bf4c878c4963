#!/usr/bin/env node
// `finos <command>`: loads the TypeScript CLI through tsx's ESM API (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../server/cli.ts');
