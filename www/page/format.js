// How times and numbers read on the page.

/** Simulated microseconds as "1.234 s" or "56.7 ms". */
export function formatTime(us) {
  const ms = us / 1000;
  return ms >= 1000 ? `${(ms / 1000).toFixed(3)} s` : `${ms.toFixed(1)} ms`;
}

/** A speed factor as "0.1×", "2×". */
export function formatSpeed(factor) {
  return `${factor >= 1 ? factor.toFixed(factor >= 10 ? 0 : 1) : factor.toPrecision(2).replace(/0+$/, '')}×`;
}
