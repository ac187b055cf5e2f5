import type { ApiClient } from "../api/client.ts";
import type { ResourceInstance } from "../api/rebac-types.ts";

export interface InstanceQuery {
  resource: string;
  tenant: string;
  /** Part of the key; the API has no search, so matching happens here (over the first `SEARCH_CAP`). */
  search: string;
  page: number;
}

export const PER_PAGE = 50;
export const SEARCH_CAP = 2000;

export interface InstancePage {
  items: ResourceInstance[];
  hasNext: boolean;
  /** The search looked at every instance the filters allow (false: only the first SEARCH_CAP). */
  complete: boolean;
}

/** One page of instances, or with a search the matches among the filtered instances. */
export async function loadInstances(
  api: ApiClient,
  q: InstanceQuery,
  signal: AbortSignal,
): Promise<InstancePage> {
  const filters = { resource: q.resource || undefined, tenant: q.tenant || undefined };
  if (!q.search) {
    const items = await api.get<ResourceInstance[]>(
      api.facts("/resource_instances"),
      { ...filters, page: q.page, per_page: PER_PAGE },
      signal,
    );
    return { items, hasNext: items.length === PER_PAGE, complete: true };
  }
  const needle = q.search.toLowerCase();
  const matches: ResourceInstance[] = [];
  let seen = 0;
  for (let page = 1; seen < SEARCH_CAP; page++) {
    const batch = await api.get<ResourceInstance[]>(
      api.facts("/resource_instances"),
      { ...filters, page, per_page: 100 },
      signal,
    );
    seen += batch.length;
    for (const i of batch) if (`${i.resource}:${i.key}`.toLowerCase().includes(needle)) matches.push(i);
    if (batch.length < 100) {
      const start = (q.page - 1) * PER_PAGE;
      return {
        items: matches.slice(start, start + PER_PAGE),
        hasNext: matches.length > start + PER_PAGE,
        complete: true,
      };
    }
  }
  const start = (q.page - 1) * PER_PAGE;
  return {
    items: matches.slice(start, start + PER_PAGE),
    hasNext: matches.length > start + PER_PAGE,
    complete: false,
  };
}
