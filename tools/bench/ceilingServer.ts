// The HTTP ceiling of this machine: a bare node:http server that reads the body and
// returns a fixed JSON answer. `npm run bench` loads it like the real server.
import { createServer } from 'node:http';

const BODY = JSON.stringify({
  replies: ['异地就医备案可以通过国家医保服务平台APP办理。'],
  fallback: false,
  intent: 'ceiling',
  confidence: 1,
  sources: [],
  suggestions: [],
});

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(BODY);
  });
});
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
