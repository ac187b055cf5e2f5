/** The SDK's page size for reading a whole list: Permit's maximum is 100 a page. */
const PER_PAGE = 100;

/**
 * Every item of a paged list, read a page at a time. Permit pages its lists (30 a page unless asked,
 * at most 100), so one call would silently stop at the hundredth role or resource; a policy
 * exported that way and applied with `--prune` would delete the rest.
 */
export async function everyPage<T>(
  list: (page: { page: number; perPage: number }) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const rows = await list({ page, perPage: PER_PAGE });
    out.push(...rows);
    if (rows.length < PER_PAGE) return out;
  }
}
