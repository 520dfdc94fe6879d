/** Medians, ranges and the printed table of the benchmarks. */

export interface Summary {
  median: number;
  min: number;
  max: number;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median =
    sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0 };
}

const number = (value: number, digits: number) =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * Prints one line per contestant: median [min–max] and the ratio of its median to the baseline's
 * (the first row). `higherIsBetter` says whether the ratio is baseline/x or x/baseline as printed.
 */
export function printTable(title: string, unit: string, rows: [string, Summary][], digits = 0): void {
  console.log(`\n${title}`);
  const base = rows[0]?.[1].median ?? 1;
  for (const [name, { median, min, max }] of rows) {
    const range = `[${number(min, digits)}–${number(max, digits)}]`;
    console.log(
      `  ${name.padEnd(16)} ${number(median, digits).padStart(10)} ${unit}  ${range.padEnd(22)} ${(median / base).toFixed(2)}×`,
    );
  }
}
