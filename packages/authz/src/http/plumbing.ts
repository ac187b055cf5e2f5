import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { Committed } from "../service/context.ts";

/** A Fastify instance typed by our TypeBox schemas. */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Header carrying the policy version a write produced (and that a replica has reached). */
export const VERSION_HEADER = "x-policy-version";

/** Sets the version header and returns the written value. */
export function committed<T>(reply: FastifyReply, c: Committed<T>): T {
  reply.header(VERSION_HEADER, String(c.version));
  return c.value;
}

export function pageOf(
  query: { page?: number | undefined; per_page?: number | undefined },
  defaultPerPage = 30,
) {
  return { page: query.page ?? 1, perPage: query.per_page ?? defaultPerPage };
}
