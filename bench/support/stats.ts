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
