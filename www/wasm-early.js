// Starts compiling the simulator while the page's other modules are still on their way:
// index.html also loads this module as an `async` entry point, so it runs as soon as it
// arrives, and main.js later imports the same (already running) instance.
const url = new URL('./pkg/playground_bg.wasm', import.meta.url);

/** The compiled simulator (a WebAssembly.Module), for the glue's `init`. */
export const simulatorModule = WebAssembly.compileStreaming(fetch(url))
  // A static host that does not serve `application/wasm` still works, compiled from bytes.
  .catch(() => fetch(url).then((response) => response.arrayBuffer()).then((bytes) => WebAssembly.compile(bytes)));
