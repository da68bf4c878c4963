// `npx tsx bench/ab.ts <git-ref> [rounds]`: this tree against an earlier commit, measured fairly on
// a machine whose speed drifts. Both servers run at once, on the same engine and the same seeded
// data; each round loads each scenario on one then the other, alternating which goes first, and
// the table gives each side's median over the rounds. Runs both engines (PostgreSQL when it
// answers) unless BENCH_AB_ENGINES names them (pglite,postgres); BENCH_AB_SCENARIOS keeps the
// scenarios whose names contain one of its comma-separated parts; BENCH_AB_SECONDS (default 5)
// per load, BENCH_CONNECTIONS as for npm run bench. BENCH_AB_REF_PATH sets the earlier tree's PATH,
// so it can run on another Node: `BENCH_AB_REF_PATH=/usr/bin:/bin` runs it on the machine's own node,
// while this tree runs on the Node the lockfile pins. BENCH_AB_REF_NODE_MODULES sets the node_modules
// the earlier tree runs on (default this tree's): to measure a change to a patched dependency, point
// it at a copy that lacks the change.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchPgUrl, pgReachable } from './harness.ts';
import { load, root, scenarios, seed, startFinos, type Finos } from './servers.ts';

const ref = process.argv[2];
if (!ref) {
  console.error('usage: npx tsx bench/ab.ts <git-ref> [rounds]');
  process.exit(2);
}
const rounds = Number(process.argv[3] ?? 3);
const seconds = Number(process.env.BENCH_AB_SECONDS ?? 5);
const wantedScenarios = process.env.BENCH_AB_SCENARIOS?.split(',');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = mkdtempSync(join(tmpdir(), 'finos-ab-'));
const checkout = join(dir, 'tree');
execFileSync('git', ['worktree', 'add', '--detach', checkout, ref], { cwd: root, stdio: 'ignore' });
symlinkSync(process.env.BENCH_AB_REF_NODE_MODULES ?? join(root, 'node_modules'), join(checkout, 'node_modules'));
const commit = execFileSync('git', ['rev-parse', '--short', ref], { cwd: root }).toString().trim();

const lines = [`| scenario | engine | ${commit} (req/s, median of ${rounds}) | this tree (req/s) | change |`, '|---|---|---:|---:|---:|'];
try {
  const wanted = (process.env.BENCH_AB_ENGINES ?? 'pglite,postgres').split(',');
  const engines: Array<'pglite' | 'postgres'> = wanted.includes('pglite') ? ['pglite'] : [];
  if (wanted.includes('postgres') && (await pgReachable(benchPgUrl()))) engines.push('postgres');
  for (const engine of engines) {
    const sides: Finos[] = [];
    try {
      const refEnv = process.env.BENCH_AB_REF_PATH ? { PATH: process.env.BENCH_AB_REF_PATH } : {};
      sides.push(await startFinos(engine, benchPgUrl(), checkout, refEnv), await startFinos(engine, benchPgUrl()));
      const plans = await Promise.all(sides.map(async (f) => scenarios(await seed(f))
        .filter((s) => !wantedScenarios || wantedScenarios.some((w) => s.name.includes(w)))));
      const results = plans[0]!.map(() => [[], []] as number[][]);
      for (let round = 0; round < rounds; round++) {
        for (let k = 0; k < plans[0]!.length; k++) {
          const order = round % 2 === 0 ? [0, 1] : [1, 0];
          for (const side of order) results[k]![side]!.push((await load(sides[side]!.url, plans[side]![k]!.l, seconds)).rps);
        }
      }
      plans[0]!.forEach((s, k) => {
        const [a, b] = results[k]!.map(median) as [number, number];
        lines.push(`| ${s.name} | ${engine} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(b / a).toFixed(2)}× |`);
        console.error(lines[lines.length - 1]);
      });
    } finally {
      for (const f of sides) await f.cleanup();
    }
  }
} finally {
  execFileSync('git', ['worktree', 'remove', '--force', checkout], { cwd: root, stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
}
console.log(lines.join('\n'));
