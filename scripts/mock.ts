// `npm run mock`: Prism's mock of the bundled contract. The port comes from `--port N`
// (`npm run mock -- --port 4011`), else MOCK_PORT, else 4010; the host from `--host`, else
// MOCK_HOST, else 127.0.0.1. Any other argument is handed to `prism mock` unchanged.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
export const DEFAULT_MOCK_PORT = 4010;

export function mockArgs(argv: string[], env: NodeJS.ProcessEnv): string[] {
  const { values, tokens } = parseArgs({
    args: argv,
    options: { port: { type: 'string', short: 'p' }, host: { type: 'string', short: 'h' }, spec: { type: 'string' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const port = String(values.port ?? env.MOCK_PORT ?? DEFAULT_MOCK_PORT);
  if (!/^[0-9]{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65_535) {
    throw new Error(`the mock port must be a number from 1 to 65535, got "${port}" (from ${values.port !== undefined ? '--port' : 'MOCK_PORT'})`);
  }
  const host = String(values.host ?? env.MOCK_HOST ?? '127.0.0.1');
  const spec = String(values.spec ?? join(root, 'generated/openapi.json'));
  // Whatever this script does not read goes on to Prism as it came.
  const rest: string[] = [];
  for (const t of tokens ?? []) {
    if (t.kind === 'option' && ['port', 'host', 'spec'].includes(t.name)) continue;
    if (t.kind === 'option') rest.push(t.inlineValue ? `${t.rawName}=${t.value}` : t.rawName, ...(t.value !== undefined && !t.inlineValue ? [t.value] : []));
    else if (t.kind === 'positional') rest.push(t.value);
  }
  return ['mock', spec, '--port', port, '--host', host, ...rest];
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  let args: string[];
  try {
    args = mockArgs(process.argv.slice(2), process.env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const prism = spawn(join(root, 'node_modules/.bin/prism'), args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => prism.kill(signal));
  prism.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
