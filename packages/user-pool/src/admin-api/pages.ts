import { type Input, optionalNumber, optionalString, paginate } from "../domain/input.ts";

/** How one List* operation names its page size and token on the wire, and how big a page may be. */
export interface PageNames {
  /** The member holding the page's items, e.g. `Groups`. */
  items: string;
  /** `Limit` on most list operations; `MaxResults` on the pool-level ones. */
  limit: "Limit" | "MaxResults";
  /** `NextToken`, except ListUsers' `PaginationToken`, used for both the request and the response. */
  token?: "NextToken" | "PaginationToken";
  max?: number;
}

/**
 * One page of a List* answer: the items under their member, and the token only while more remain
 * (AWS omits the member on the last page rather than sending null).
 */
export function listPage<T>(
  input: Input,
  all: T[],
  names: PageNames,
  shape: (item: T) => unknown,
): Record<string, unknown> {
  const token = names.token ?? "NextToken";
  const { page, next } = paginate(
    all,
    optionalNumber(input, names.limit),
    optionalString(input, token),
    names.max,
  );
  return { [names.items]: page.map(shape), ...(next ? { [token]: next } : {}) };
}
