// @ts-check
// A small static server with the MIME types the page needs (application/wasm above all, or
// instantiateStreaming falls back with a warning). `node scripts/serve.mjs DIR`; PORT overrides
// the port, 0 picks a free one.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { root } from './lib/run.mjs';

/** @type {Record<string, string>} */
const mimeTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `dir` on 127.0.0.1:`port`; resolves to the listening server. `extra(request,
 * response)` may answer a request first (return true when it did).
 * @param {string} dir
 * @param {number} port
 * @param {(request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => boolean} [extra]
 * @returns {Promise<{address(): import('node:net').AddressInfo} & import('node:http').Server>} (on TCP:
 *   its address is a host and a port)
 */
export function serve(dir, port, extra = () => false) {
  const base = path.resolve(dir);
  const server = createServer((request, response) => {
    if (extra(request, response)) return;
    const url = new URL(request.url ?? '/', 'http://localhost');
    let file = path.join(base, decodeURIComponent(url.pathname));
    if (file !== base && !file.startsWith(base + path.sep)) return notFound(response);
    try {
      if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
      statSync(file);
    } catch {
      return notFound(response);
    }
    response.writeHead(200, {
      'Content-Type': mimeTypes[path.extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
    });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(/** @type {{address(): import('node:net').AddressInfo} & typeof server} */ (server)));
  });
}

/** @param {import('node:http').ServerResponse} response */
function notFound(response) {
  response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end('not found\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve(root, process.argv[2] ?? 'dist');
  const server = await serve(dir, Number(process.env.PORT ?? 8080));
  console.log(`Raft Playground: http://127.0.0.1:${server.address().port}/`);
}
