import { printTable } from "./table.ts";

/** Prints a module's result record as a two-column table (for modules that print nothing themselves). */
export function printRecord(title: string, record: Record<string, unknown>): void {
  printTable(
    title,
    Object.entries(record).map(([key, value]) => ({
      measure: key,
      value: typeof value === "object" && value !== null ? JSON.stringify(value) : String(value),
    })),
  );
}
