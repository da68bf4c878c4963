// The reference point for `npm run bench`: a bare node:http server answering a JSON body of
// about the size of a Finos user, so ratios compare framework + work against nothing.
import { createServer } from 'node:http';
import { body } from './reference-body.ts';

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const addr = server.address();
  if (addr && typeof addr === 'object') console.log(`listening ${addr.port}`);
});
