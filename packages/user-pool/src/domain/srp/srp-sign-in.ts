import { createHmac, randomBytes } from "node:crypto";
import { openChallengeSession } from "../challenge-sessions.ts";
import type { PoolContext } from "../context.ts";
import { fail } from "../errors.ts";
import { constantTimeEqual, hashToken } from "../ids.ts";
import type { ClientRecord, PoolRecord, UserRecord } from "../model.ts";
import { accountOutcome, INCORRECT, type PasswordSignIn, throttleKeyOf } from "../sign-in.ts";
import { hidesUserExistence } from "../user-existence.ts";
import { findUser } from "../users.ts";
import {
  claimSignature,
  N,
  parseTimestamp,
  poolNameOf,
  serverEphemeral,
  sessionKey,
  validClientPublic,
} from "./math.ts";

/** USER_SRP_AUTH step 1's answer: the PASSWORD_VERIFIER challenge. */
export interface PasswordVerifierChallenge {
  session: string;
  parameters: {
    SALT: string;
    SRP_B: string;
    SECRET_BLOCK: string;
    USER_ID_FOR_SRP: string;
    USERNAME: string;
  };
}

/** What the Session remembers between the two steps (stored server-side, by the Session's hash). */
interface SrpState {
  A: string;
  B: string;
  b: string;
  secretBlockHash: string;
  userIdForSrp: string;
  /** No real verifier behind this challenge (unknown user, or a password that predates SRP). */
  simulated: boolean;
}

const MAX_CLOCK_DIFFERENCE_MS = 5 * 60_000;
const EXPIRED = "Invalid session for the user, session is expired.";

/**
 * A per-process key for simulated challenges: the same pool and username get the same fake salt and
 * user id for as long as the server runs, so repeating the request does not reveal the simulation.
 */
const SIMULATION_KEY = randomBytes(32);

function simulated(pool: PoolRecord, username: string): { salt: string; userId: string } {
  const mac = createHmac("sha256", SIMULATION_KEY)
    .update(`${pool.id}\u0000${username.toLowerCase()}`)
    .digest("hex");
  const userId = `${mac.slice(32, 40)}-${mac.slice(40, 44)}-4${mac.slice(45, 48)}-a${mac.slice(49, 52)}-${mac.slice(52, 64)}`;
  return { salt: mac.slice(0, 32), userId };
}

/**
 * USER_SRP_AUTH step 1. Unknown users (with an ENABLED client) and users without a verifier get a
 * challenge that looks the same and can never be answered; step 2 then says "Incorrect username or
 * password." — the same answer as a wrong password.
 */
export async function startSrpSignIn(
  ctx: PoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  username: string,
  aHex: string,
  /** USER_AUTH hides unknown users whatever the client's PreventUserExistenceErrors says. */
  alwaysHideUnknown = false,
): Promise<PasswordVerifierChallenge> {
  if (!validClientPublic(aHex)) fail("InvalidParameterException", "SRP_A is not a valid SRP public value.");
  const user = await findUser(ctx, pool, username);
  if (ctx.throttle.isLocked(throttleKeyOf(pool, user, username), ctx.now()))
    fail("NotAuthorizedException", "Password attempts exceeded");
  if (user === undefined && !alwaysHideUnknown && !hidesUserExistence(client))
    fail("UserNotFoundException", "User does not exist.");
  const real = user !== undefined && user.srpSalt !== null && user.srpVerifier !== null;
  const fake = simulated(pool, username);
  const salt = real ? (user.srpSalt ?? "") : fake.salt;
  const userIdForSrp = user?.username ?? fake.userId;
  const { b, B } = real
    ? serverEphemeral(user.srpVerifier ?? "")
    : { b: "0", B: (BigInt(`0x${randomBytes(384).toString("hex")}`) % N).toString(16) };
  const secretBlock = randomBytes(96).toString("base64");
  const state: SrpState = {
    A: aHex.toLowerCase(),
    B,
    b,
    secretBlockHash: hashToken(secretBlock),
    userIdForSrp,
    simulated: !real,
  };
  const session = await openChallengeSession(ctx, client, {
    poolId: pool.id,
    userSub: user?.sub ?? "",
    challenge: "PASSWORD_VERIFIER",
    data: JSON.stringify(state),
  });
  return {
    session,
    parameters: {
      SALT: salt,
      SRP_B: B,
      SECRET_BLOCK: secretBlock,
      USER_ID_FOR_SRP: userIdForSrp,
      USERNAME: userIdForSrp,
    },
  };
}

/**
 * USER_SRP_AUTH step 2 (`PASSWORD_VERIFIER`): checks the single-use session, the echoed secret block, the
 * timestamp, and the client's proof of the password; then the account's state, as password sign-in does.
 */
export async function answerPasswordVerifier(
  ctx: PoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  input: { session: string; responses: Record<string, string> },
): Promise<PasswordSignIn> {
  const { responses } = input;
  const stored = await ctx.stores.challengeSessions.get(hashToken(input.session));
  if (stored === undefined || stored.clientId !== client.id || stored.challenge !== "PASSWORD_VERIFIER")
    fail("NotAuthorizedException", EXPIRED);
  if (stored.usedAt !== null || stored.expiresAt < ctx.now() || !stored.data)
    fail("NotAuthorizedException", EXPIRED);
  const timestamp = responses["TIMESTAMP"] ?? "";
  const signedAt = parseTimestamp(timestamp);
  if (signedAt === undefined)
    fail("InvalidParameterException", "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.");
  // One answer per challenge, right or wrong: a guesser must start over (and count toward the lockout).
  if (!(await ctx.stores.challengeSessions.consume(stored.idHash, ctx.now())))
    fail("NotAuthorizedException", EXPIRED);
  const state = JSON.parse(stored.data) as SrpState;
  const user: UserRecord | undefined = stored.userSub
    ? await ctx.stores.users.bySub(pool.id, stored.userSub)
    : undefined;
  const throttleKey = throttleKeyOf(pool, user, state.userIdForSrp);
  const now = ctx.now();
  const wrong = (): never => {
    ctx.throttle.recordFailure(throttleKey, now);
    fail("NotAuthorizedException", INCORRECT);
  };
  if ((responses["USERNAME"] ?? "") !== state.userIdForSrp) wrong();
  if (!constantTimeEqual(hashToken(responses["PASSWORD_CLAIM_SECRET_BLOCK"] ?? ""), state.secretBlockHash))
    wrong();
  if (Math.abs(signedAt - now) > MAX_CLOCK_DIFFERENCE_MS) wrong();
  if (state.simulated || user === undefined || user.srpVerifier === null) return wrong();
  const key = sessionKey({ A: state.A, B: state.B, b: state.b, verifier: user.srpVerifier });
  const expected = claimSignature(
    key,
    poolNameOf(pool.id),
    state.userIdForSrp,
    responses["PASSWORD_CLAIM_SECRET_BLOCK"] ?? "",
    timestamp,
  );
  if (!constantTimeEqual(expected, responses["PASSWORD_CLAIM_SIGNATURE"] ?? "")) wrong();
  ctx.throttle.recordSuccess(throttleKey);
  return accountOutcome(user, now);
}
