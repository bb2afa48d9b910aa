/**
 * Serve the explorer page on 127.0.0.1 only (never on other interfaces): GET / and /index.html
 * return the page, anything else is 404. The page itself needs no server; this is a convenience.
 */
import { createServer, type Server } from 'node:http';

export const SERVE_HOST = '127.0.0.1';

/** Start serving `html`; resolves once listening, with the actual port (port 0 picks a free one). */
export function serveExplorer(html: string, port: number): Promise<{ server: Server; url: string }> {
  const body = Buffer.from(html, 'utf8');
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if ((req.method === 'GET' || req.method === 'HEAD') && (path === '/' || path === '/index.html')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, SERVE_HOST, () => {
      const addr = server.address();
      const actual = typeof addr === 'object' && addr ? addr.port : port;
      resolve({ server, url: `http://${SERVE_HOST}:${actual}/` });
    });
  });
}
