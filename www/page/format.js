// How times, numbers and errors read on the page.

/** Simulated microseconds as "1.234 s" or "56.7 ms".
 * @param {number} us
 */
export function formatTime(us) {
  const ms = us / 1000;
  return ms >= 1000 ? `${(ms / 1000).toFixed(3)} s` : `${ms.toFixed(1)} ms`;
}

/** A speed factor as "0.1×", "2×".
 * @param {number} factor
 */
export function formatSpeed(factor) {
  return `${factor >= 1 ? factor.toFixed(factor >= 10 ? 0 : 1) : factor.toPrecision(2).replace(/0+$/, '')}×`;
}

/** The text of a thrown value (the simulator throws Errors in plain words).
 * @param {unknown} error
 */
export function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
