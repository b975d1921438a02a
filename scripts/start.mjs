// @ts-check
// `npm start`: install what is missing, build the page, serve it and print its URL.
import { build } from './build.mjs';
import { serve } from './serve.mjs';
import { root } from './lib/run.mjs';
import path from 'node:path';

build();
const server = await serve(path.join(root, 'dist'), Number(process.env.PORT ?? 8080));
console.log(`\nRaft Playground: http://127.0.0.1:${server.address().port}/  (Ctrl-C stops it)`);
