import type { Page } from "./records.ts";

/** What a paged list asks for: Permit's 1-based `page` and `per_page`. */
export interface PageRequest {
  page: number;
  perPage: number;
}

/** Rows to skip before the requested page. */
export const offsetOf = (q: PageRequest): number => (q.page - 1) * q.perPage;

/**
 * One page in Permit's shape: the page's rows (read with `limit(perPage).offset(offsetOf(q))`) and
 * the count of every match, read at the same time.
 */
export async function pageOf<Row, T>(
  q: PageRequest,
  rows: Promise<Row[]>,
  count: Promise<{ n: number | string | bigint }>,
  toRecord: (row: Row) => T,
): Promise<Page<T>> {
  const [found, counted] = await Promise.all([rows, count]);
  const total = Number(counted.n);
  return { data: found.map(toRecord), total_count: total, page_count: Math.ceil(total / q.perPage) };
}
