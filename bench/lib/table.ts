/** Fixed-width tables for the terminal: aligned, no index column, numbers right-aligned. */

export type Cell = string | number | boolean | null | undefined;
export type Row = Record<string, Cell>;

function show(cell: Cell): string {
  if (cell === null || cell === undefined) return "-";
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return String(cell);
    return Number.isInteger(cell)
      ? cell.toLocaleString("en-US")
      : cell.toLocaleString("en-US", { maximumFractionDigits: 3 });
  }
  return String(cell);
}

export function renderTable(title: string, rows: readonly Row[]): string {
  if (rows.length === 0) return `${title}\n  (no rows)\n`;
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const text = rows.map((r) => columns.map((c) => show(r[c])));
  const numeric = columns.map((c) => rows.every((r) => typeof r[c] === "number" || r[c] == null));
  const widths = columns.map((c, i) => Math.max(c.length, ...text.map((t) => t[i]!.length)));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ")}`;
  const rule = `  ${widths.map((w) => "─".repeat(w)).join("  ")}`;
  return [title, line(columns), rule, ...text.map(line), ""].join("\n");
}

export function printTable(title: string, rows: readonly Row[]): void {
  console.log(renderTable(title, rows));
}
