import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { sendError } from "./errors.ts";

/**
 * API keys are kept only as SHA-256 digests (they are long random secrets, so a fast hash is the
 * right tool) and compared in constant time.
 */
export class ApiKeyRing {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  /** Keys already verified. Every PDP request carries the key; hashing it each time costs ~5% of a check. */
  private readonly verified = new Set<string>();

  verify(presented: string): boolean {
    if (this.verified.has(presented)) return true;
    const candidate = digest(presented);
    let ok = false;
    // Compare against every key so timing does not reveal which one (or whether any) matched.
    for (const d of this.digests) ok = timingSafeEqual(d, candidate) || ok;
    // Only valid keys are remembered (bounded by the number of keys), so wrong guesses always take
    // the full constant-time path.
    if (ok && this.verified.size < 64) this.verified.add(presented);
    return ok;
  }
}

function digest(key: string): Buffer {
  return createHash("sha256").update(key, "utf8").digest();
}

/** Extracts the Bearer token; `undefined` when the header is missing or empty. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1]?.trim() || undefined;
}

/** 401 without a key, 403 with a wrong one, as Permit answers. */
export function requireApiKey(keys: ApiKeyRing) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) {
      return sendError(reply, 401, "missing API key: send 'Authorization: Bearer <api key>'");
    }
    if (!keys.verify(token)) return sendError(reply, 403, "the API key is not valid for this environment");
  };
}
