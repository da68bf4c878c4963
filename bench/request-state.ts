// `npx tsx bench/request-state.ts`: ns per request to keep a value beside each request, in a
// WeakMap keyed by requests or in a symbol-keyed property of the request, with a few requests
// alive at once as on a server. The WeakMap's cost is mostly the collector's: every scavenge walks
// its ephemeron entries.
import { IncomingMessage } from 'node:http';

const byRequest = new WeakMap<object, object>();
const STATE = Symbol('state');
const alive: unknown[] = new Array(64);
const ways: Record<string, (i: number) => void> = {
  'request only': (i) => { alive[i & 63] = new IncomingMessage(null as never); },
  'WeakMap set + get': (i) => {
    const req = new IncomingMessage(null as never);
    byRequest.set(req, { id: 'x', started: i, done: false });
    alive[i & 63] = req;
    byRequest.get(req);
  },
  'symbol property set + get': (i) => {
    const req = new IncomingMessage(null as never) as IncomingMessage & { [STATE]?: object };
    req[STATE] = { id: 'x', started: i, done: false };
    alive[i & 63] = req;
    void req[STATE];
  },
};
const N = 200_000;
const samples: Record<string, number[]> = {};
for (let round = 0; round < 9; round++) {
  for (const [name, f] of Object.entries(ways)) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) f(i);
    (samples[name] ??= []).push(Number(process.hrtime.bigint() - t0) / N);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [name, xs] of Object.entries(samples)) console.log(`${name.padEnd(28)} ${median(xs).toFixed(0)} ns`);
