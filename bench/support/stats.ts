function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new Error("no samples");
  return [...values].sort((a, b) => a - b);
}

export function median(values: readonly number[]): number {
  const ordered = sorted(values);
  const middle = Math.floor(ordered.length / 2);
  return ordered.length % 2 === 1 ? ordered[middle]! : (ordered[middle - 1]! + ordered[middle]!) / 2;
}

/** Nearest-rank percentile: the smallest sample with at least `p` % of the samples at or below it. */
export function percentile(values: readonly number[], p: number): number {
  const ordered = sorted(values);
  return ordered[Math.max(0, Math.ceil((p / 100) * ordered.length) - 1)]!;
}

/**
 * The nearest-rank `p`th percentile of the sum of `count` values drawn at random from `values`,
 * over `trials` sums. The draws come from a fixed seed: the same samples give the same figure.
 */
export function percentileOfSums(values: readonly number[], count: number, p: number, trials = 20_000): number {
  if (values.length === 0) throw new Error("no samples");
  // mulberry32: small, seeded, and uniform enough for picking samples.
  let seed = 0x9e3779b9;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const sums = Array.from({ length: trials }, () => {
    let sum = 0;
    for (let draw = 0; draw < count; draw++) sum += values[Math.floor(random() * values.length)]!;
    return sum;
  });
  return percentile(sums, p);
}

export function max(values: readonly number[]): number {
  return sorted(values).at(-1)!;
}

const integer = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const formatCount = (value: number) => integer.format(value);
export const formatMs = (value: number) => `${value < 100 ? oneDecimal.format(value) : integer.format(value)} ms`;
/** Kilobytes of 1,000 bytes. */
export const formatKb = (bytes: number) => `${oneDecimal.format(bytes / 1000)} kB`;

/** A plain-text table: the first row is the header; columns are left-aligned and padded. */
export function formatTable(rows: readonly (readonly string[])[], indent = "  "): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  const line = (row: readonly string[]) =>
    indent + row.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join("  ").trimEnd();
  const [header, ...body] = rows;
  if (!header) return "";
  return [line(header), indent + widths.map((width) => "-".repeat(width)).join("  "), ...body.map(line)].join("\n");
}
