import { type TSchema, Type } from "typebox";
import { PageQuery, Paginated } from "../schemas.ts";

/** Query for lists that answer a bare array, or `{data, total_count, page_count}` on request. */
export const ListQuery = { ...PageQuery, include_total_count: Type.Optional(Type.Boolean()) };

export function listResponse<T extends TSchema>(item: T) {
  return Type.Union([Type.Array(item), Paginated(item)]);
}

/**
 * Pages an in-memory list (schema objects are few). Bare array unless `include_total_count` is set,
 * which is what the SDK expects of roles, resources and role assignments.
 */
export function paginate<T>(
  all: T[],
  q: { page?: number | undefined; per_page?: number | undefined; include_total_count?: boolean | undefined },
  defaultPerPage = 100,
) {
  const page = q.page ?? 1;
  const perPage = q.per_page ?? defaultPerPage;
  const data = all.slice((page - 1) * perPage, page * perPage);
  if (!q.include_total_count) return data;
  return { data, total_count: all.length, page_count: Math.ceil(all.length / perPage) };
}
