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

  /**
   * Hashes what was presented every time: keeping verified keys in memory would hold them in plain
   * text, which the service promises not to do. SHA-256 of a 60-byte key is about a microsecond.
   */
  verify(presented: string): boolean {
    const candidate = digest(presented);
    let ok = false;
    // Compare against every key so timing does not reveal which one (or whether any) matched.
    for (const d of this.digests) ok = timingSafeEqual(d, candidate) || ok;
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
