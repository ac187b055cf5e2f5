import type { PoolContext } from "./context.ts";
import { hashToken, newOpaqueToken } from "./ids.ts";
import type { ClientRecord } from "./model.ts";

/** What a sign-in challenge round trip is opened for. */
export interface ChallengeOpening {
  poolId: string;
  /** Empty for a user who does not exist, whose challenge must look like anyone else's. */
  userSub: string;
  challenge: string;
  /** Challenge-specific state kept server-side (JSON), e.g. SRP's ephemeral values. */
  data?: string;
}

/**
 * Opens a sign-in challenge (NEW_PASSWORD_REQUIRED, PASSWORD_VERIFIER, SELECT_CHALLENGE, the MFA
 * steps) and returns its opaque `Session`. It is stored only by hash, bound to the client, single use,
 * and lives for the client's AuthSessionValidity (minutes), as Cognito's challenge sessions do.
 */
export async function openChallengeSession(
  ctx: PoolContext,
  client: ClientRecord,
  opening: ChallengeOpening,
): Promise<string> {
  const session = newOpaqueToken(96);
  await ctx.stores.challengeSessions.insert({
    idHash: hashToken(session),
    poolId: opening.poolId,
    clientId: client.id,
    userSub: opening.userSub,
    challenge: opening.challenge,
    expiresAt: ctx.now() + client.settings.AuthSessionValidity * 60_000,
    usedAt: null,
    data: opening.data,
  });
  return session;
}
