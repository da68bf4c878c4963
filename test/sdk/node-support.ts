// What the Node SDK tests share: the machine's own node, which runs the package and the docs'
// code as integrators would, and the API key the recording server expects.
import { existsSync } from 'node:fs';

// The machine's own node (Node 20 here), not the project's Node 24: the package must work on the
// versions integrators run. Without one, the project's node still proves it runs without tsx.
export const SYSTEM_NODE = existsSync('/usr/bin/node') ? '/usr/bin/node' : process.execPath;
if (SYSTEM_NODE !== '/usr/bin/node') console.warn(`test/sdk: /usr/bin/node not found; running the installed package with ${process.execPath}`);
export const KEY = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc';
