// What the bench scripts put on a page's window before its own scripts run (an init script
// handed to playwright) and read back with `page.evaluate`.
interface Window {
  /** bench-compare.mjs: each animation-frame callback's duration and the gaps between
   * display frames (ms), while `probing`. */
  __bench: { work: number[]; gaps: number[]; probing: boolean };
  /** bench-compare.mjs: starts measuring the gaps between display frames. */
  __startProbe: () => void;
  /** bench-page.mjs: each animation-frame callback's duration (ms). */
  __frameWork: number[];
  /** bench.mjs: animation frames asked for so far. */
  __frames: number;
}
