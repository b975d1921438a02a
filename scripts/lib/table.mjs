// @ts-check
// The benchmarks' tables: one row per measure, its value right-aligned in `valueWidth`
// characters, then the target (or budget) it is held to.

/** Prints `rows` ([measure, value, target] strings) under a header naming the last column.
 * @param {[string, string, string][]} rows
 * @param {{valueWidth: number, last?: string}} layout
 */
export function printTable(rows, { valueWidth, last = 'target' }) {
  const width = Math.max(...rows.map(([measure]) => measure.length));
  console.log(`${'measure'.padEnd(width)}  ${'value'.padStart(valueWidth)}  ${last}`);
  for (const [measure, value, target] of rows) console.log(`${measure.padEnd(width)}  ${value.padStart(valueWidth)}  ${target}`);
}
