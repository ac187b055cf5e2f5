import { allowsAuthFlow } from "../domain/clients.ts";
import type { PoolContext } from "../domain/context.ts";
import { CognitoError, fail } from "../domain/errors.ts";
import {
  type Input,
  optionalObject,
  optionalString,
  optionalStringList,
  optionalStringMap,
  requiredString,
} from "../domain/input.ts";
import {
  answerSoftwareTokenMfa,
  associateSoftwareToken,
  consumeSession,
  mfaSessionUser,
  mfaStepFor,
  openMfaSession,
  setMfaPreference,
  userMfaSettings,
  verifySoftwareToken,
} from "../domain/mfa.ts";
import type { ClientRecord, PoolRecord, UserRecord } from "../domain/model.ts";
import {
  refreshTokens,
  resolveRefreshToken,
  revokeRefreshToken,
  rotateRefreshToken,
  rotatesRefreshTokens,
} from "../domain/refresh.ts";
import { checkSecretHash } from "../domain/secret-hash.ts";
import {
  changePassword,
  confirmForgotPassword,
  forgotPassword,
  sendAttributeVerificationCode,
  verifyAttribute,
} from "../domain/self-service.ts";
import {
  answerNewPasswordChallenge,
  completeSignIn,
  openNewPasswordChallenge,
  type PasswordSignIn,
  signInWithPassword,
} from "../domain/sign-in.ts";
import { answerPasswordVerifier, startSrpSignIn } from "../domain/srp/srp-sign-in.ts";
import type { IssuedTokens } from "../domain/token-issuer.ts";
import {
  consumeSelectChallenge,
  FIRST_FACTORS,
  type FirstFactor,
  isFirstFactor,
  openSelectChallenge,
} from "../domain/user-auth.ts";
import { hidesUserExistence, simulatedCodeDelivery } from "../domain/user-existence.ts";
import {
  codeDeliveryDetails,
  confirmSignUp,
  deleteAttributes,
  deleteUser,
  globalSignOut,
  resendConfirmationCode,
  signUp,
  updateAttributes,
} from "../domain/users.ts";
import type { OperationTable } from "./operation.ts";
import {
  accountRequest,
  clientSecretMatches,
  requestedClient,
  requiredAuthParameters,
  signInClient,
  userCheckedBySecretHash,
  userFromAccessToken,
} from "./public-requests.ts";
import { requestedPool } from "./requested.ts";

/** Tokens from the native API carry only this scope, so they cannot call /oauth2/userInfo. */
const NATIVE_SCOPES = ["aws.cognito.signin.user.admin"];

function authenticationResult(tokens: IssuedTokens): Record<string, unknown> {
  return {
    ChallengeParameters: {},
    AuthenticationResult: {
      AccessToken: tokens.accessToken,
      ExpiresIn: tokens.expiresIn,
      TokenType: "Bearer",
      ...(tokens.refreshToken ? { RefreshToken: tokens.refreshToken } : {}),
      ...(tokens.idToken ? { IdToken: tokens.idToken } : {}),
    },
  };
}

/** NEW_PASSWORD_REQUIRED's parameters are JSON *strings*, as Cognito sends them. */
function newPasswordChallenge(pool: PoolRecord, user: UserRecord, session: string): Record<string, unknown> {
  const required = pool.settings.SchemaAttributes.filter(
    (a) => a.Required && a.Name !== "sub" && !user.attributes[a.Name],
  ).map((a) => `userAttributes.${a.Name}`);
  return {
    ChallengeName: "NEW_PASSWORD_REQUIRED",
    Session: session,
    ChallengeParameters: {
      USER_ID_FOR_SRP: user.username,
      requiredAttributes: JSON.stringify(required),
      userAttributes: JSON.stringify(user.attributes),
    },
  };
}

/** USER_SRP_AUTH's and USER_AUTH's PASSWORD_SRP first step alike: SRP_B and SALT for the client. */
function passwordVerifierChallenge(challenge: { session: string; parameters: Record<string, string> }) {
  return {
    ChallengeName: "PASSWORD_VERIFIER",
    Session: challenge.session,
    ChallengeParameters: challenge.parameters,
  };
}

async function passwordAuth(
  ctx: PoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  params: Input,
  clientMetadata: Record<string, string> | undefined,
): Promise<Record<string, unknown>> {
  const { USERNAME: username, PASSWORD: password } = requiredAuthParameters(params, ["USERNAME", "PASSWORD"]);
  await userCheckedBySecretHash(ctx, pool, client, username, optionalString(params, "SECRET_HASH"));
  const outcome = await signInWithPassword(ctx, pool, client, username, password);
  return afterPasswordProof(ctx, pool, client, outcome, clientMetadata);
}

/** Where every password proof (plain or SRP) leads: a new-password challenge, or tokens. */
async function afterPasswordProof(
  ctx: PoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  outcome: PasswordSignIn,
  clientMetadata: Record<string, string> | undefined,
): Promise<Record<string, unknown>> {
  if (outcome.kind === "new-password-required")
    return newPasswordChallenge(
      pool,
      outcome.user,
      await openNewPasswordChallenge(ctx, pool, client, outcome.user),
    );
  const step = mfaStepFor(pool, outcome.user);
  if (step === "none") return signedIn(ctx, pool, client, outcome.user, clientMetadata);
  return {
    ChallengeName: step,
    Session: await openMfaSession(ctx, client, outcome.user, step),
    // MFA_SETUP lists the factors the user may register (a JSON string, as Cognito sends it).
    ChallengeParameters:
      step === "MFA_SETUP" ? { MFAS_CAN_SETUP: JSON.stringify(["SOFTWARE_TOKEN_MFA"]) } : {},
  };
}

async function signedIn(
  ctx: PoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  clientMetadata: Record<string, string> | undefined,
  source:
    | "TokenGeneration_Authentication"
    | "TokenGeneration_NewPasswordChallenge" = "TokenGeneration_Authentication",
): Promise<Record<string, unknown>> {
  const tokens = await completeSignIn(ctx, {
    pool,
    client,
    user,
    source,
    scopes: NATIVE_SCOPES,
    withIdToken: true,
    withAtHash: false,
    clientMetadata,
  });
  return authenticationResult(tokens);
}

/**
 * USER_AUTH (choice-based sign-in) with PASSWORD or PASSWORD_SRP, from InitiateAuth (with
 * PREFERRED_CHALLENGE) or from RespondToAuthChallenge SELECT_CHALLENGE (with ANSWER).
 */
async function firstFactor(
  ctx: PoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  factor: FirstFactor,
  params: Input,
  username: string,
  clientMetadata: Record<string, string> | undefined,
): Promise<Record<string, unknown>> {
  if (factor === "PASSWORD") {
    const { PASSWORD: password } = requiredAuthParameters(params, ["PASSWORD"]);
    try {
      const outcome = await signInWithPassword(ctx, pool, client, username, password);
      return await afterPasswordProof(ctx, pool, client, outcome, clientMetadata);
    } catch (err) {
      // USER_AUTH never tells who has an account.
      if (err instanceof CognitoError && err.type === "UserNotFoundException")
        fail("NotAuthorizedException", "Incorrect username or password.");
      throw err;
    }
  }
  const { SRP_A: srpA } = requiredAuthParameters(params, ["SRP_A"]);
  const challenge = await startSrpSignIn(ctx, pool, client, username, srpA, true);
  return passwordVerifierChallenge(challenge);
}

async function userAuth(
  ctx: PoolContext,
  pool: PoolRecord,
  client: ClientRecord,
  params: Input,
  clientMetadata: Record<string, string> | undefined,
): Promise<Record<string, unknown>> {
  if (!allowsAuthFlow(client, "USER_AUTH"))
    fail("InvalidParameterException", "USER_AUTH is not enabled for the client.");
  const { USERNAME: username } = requiredAuthParameters(params, ["USERNAME"]);
  const known = await userCheckedBySecretHash(
    ctx,
    pool,
    client,
    username,
    optionalString(params, "SECRET_HASH"),
  );
  const preferred = optionalString(params, "PREFERRED_CHALLENGE");
  if (isFirstFactor(preferred))
    return firstFactor(ctx, pool, client, preferred, params, username, clientMetadata);
  return {
    ChallengeName: "SELECT_CHALLENGE",
    Session: await openSelectChallenge(ctx, pool, client, username),
    ChallengeParameters: { USERNAME: known?.username ?? username },
    AvailableChallenges: [...FIRST_FACTORS],
  };
}

/** USER_SRP_AUTH step 1: the PASSWORD_VERIFIER challenge. */
async function srpAuth(ctx: PoolContext, pool: PoolRecord, client: ClientRecord, params: Input) {
  if (!allowsAuthFlow(client, "USER_SRP_AUTH"))
    fail("InvalidParameterException", "USER_SRP_AUTH is not enabled for the client.");
  const { USERNAME: username, SRP_A: srpA } = requiredAuthParameters(params, ["USERNAME", "SRP_A"]);
  await userCheckedBySecretHash(ctx, pool, client, username, optionalString(params, "SECRET_HASH"));
  const challenge = await startSrpSignIn(ctx, pool, client, username, srpA);
  return passwordVerifierChallenge(challenge);
}

async function refreshAuth(
  ctx: PoolContext,
  client: ClientRecord,
  params: Input,
  clientMetadata: Record<string, string> | undefined,
) {
  if (!allowsAuthFlow(client, "REFRESH_TOKEN_AUTH"))
    fail("InvalidParameterException", "REFRESH_TOKEN_AUTH flow not enabled for this client");
  // A rotating client's tokens must go through GetTokensFromRefreshToken, so every use rotates them.
  if (rotatesRefreshTokens(client))
    fail(
      "NotAuthorizedException",
      "Refresh token rotation is enabled for this client: use GetTokensFromRefreshToken.",
    );
  const { REFRESH_TOKEN: token } = requiredAuthParameters(params, ["REFRESH_TOKEN"]);
  if (client.secret !== null) {
    const { user } = await resolveRefreshToken(ctx, client, token);
    checkSecretHash(client, optionalString(params, "SECRET_HASH"), [user.username, user.sub]);
  }
  const tokens = await refreshTokens(ctx, client, token, { withIdToken: () => true, clientMetadata });
  return authenticationResult(tokens);
}

async function initiateAuth(
  ctx: PoolContext,
  input: Input,
  admin: boolean,
): Promise<Record<string, unknown>> {
  const flow = requiredString(input, "AuthFlow");
  const { pool, client } = await signInClient(ctx, input, admin);
  const params = optionalObject(input, "AuthParameters") ?? {};
  const metadata = optionalStringMap(input, "ClientMetadata");
  switch (flow) {
    case "USER_PASSWORD_AUTH":
      if (admin) break;
      if (!allowsAuthFlow(client, "USER_PASSWORD_AUTH"))
        fail("InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client");
      return passwordAuth(ctx, pool, client, params, metadata);
    case "ADMIN_USER_PASSWORD_AUTH":
    case "ADMIN_NO_SRP_AUTH":
      if (!admin) break;
      if (!allowsAuthFlow(client, "ADMIN_USER_PASSWORD_AUTH"))
        fail("InvalidParameterException", "Auth flow not enabled for this client");
      return passwordAuth(ctx, pool, client, params, metadata);
    case "REFRESH_TOKEN_AUTH":
    case "REFRESH_TOKEN":
      return refreshAuth(ctx, client, params, metadata);
    case "USER_SRP_AUTH":
      return srpAuth(ctx, pool, client, params);
    case "USER_AUTH":
      return userAuth(ctx, pool, client, params, metadata);
    case "CUSTOM_AUTH":
      // 400, not 5xx: the SDK would retry a server error that can never succeed.
      fail(
        "InvalidParameterException",
        `${flow} is not supported by the Tollgate user pool; use USER_PASSWORD_AUTH.`,
      );
  }
  fail(
    "InvalidParameterException",
    `1 validation error detected: Value '${flow}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set`,
  );
}

async function respondToChallenge(
  ctx: PoolContext,
  input: Input,
  admin: boolean,
): Promise<Record<string, unknown>> {
  const { pool, client } = await signInClient(ctx, input, admin);
  const challenge = requiredString(input, "ChallengeName");
  const responses = (optionalObject(input, "ChallengeResponses") ?? {}) as Record<string, string>;
  if (challenge === "SOFTWARE_TOKEN_MFA") {
    const code = responses["SOFTWARE_TOKEN_MFA_CODE"];
    if (!code) fail("InvalidParameterException", "Missing required parameter SOFTWARE_TOKEN_MFA_CODE");
    const user = await answerSoftwareTokenMfa(ctx, client, requiredString(input, "Session"), code);
    return signedIn(ctx, pool, client, user, optionalStringMap(input, "ClientMetadata"));
  }
  if (challenge === "MFA_SETUP") {
    const found = await mfaSessionUser(
      ctx,
      requiredString(input, "Session"),
      ["MFA_SETUP_VERIFIED"],
      client.id,
    );
    await consumeSession(ctx, found.idHash);
    return signedIn(ctx, pool, client, found.user, optionalStringMap(input, "ClientMetadata"));
  }
  if (challenge === "SELECT_CHALLENGE") {
    const username = await consumeSelectChallenge(ctx, client, requiredString(input, "Session"));
    const answer = responses["ANSWER"];
    if (!isFirstFactor(answer))
      fail("InvalidParameterException", `ANSWER must be one of ${FIRST_FACTORS.join(", ")}.`);
    return firstFactor(
      ctx,
      pool,
      client,
      answer,
      responses,
      username,
      optionalStringMap(input, "ClientMetadata"),
    );
  }
  if (challenge === "PASSWORD_VERIFIER") {
    const username = responses["USERNAME"];
    if (!username) fail("InvalidParameterException", "Missing required parameter USERNAME");
    checkSecretHash(client, responses["SECRET_HASH"], [username]);
    const outcome = await answerPasswordVerifier(ctx, pool, client, {
      session: requiredString(input, "Session"),
      responses,
    });
    return afterPasswordProof(ctx, pool, client, outcome, optionalStringMap(input, "ClientMetadata"));
  }
  if (challenge !== "NEW_PASSWORD_REQUIRED")
    fail("InvalidParameterException", `Challenge ${challenge} is not supported.`);
  const username = responses["USERNAME"];
  const newPassword = responses["NEW_PASSWORD"];
  if (!username) fail("InvalidParameterException", "Missing required parameter USERNAME");
  if (!newPassword) fail("InvalidParameterException", "Missing required parameter NEW_PASSWORD");
  await userCheckedBySecretHash(ctx, pool, client, username, responses["SECRET_HASH"]);
  const attributes = Object.fromEntries(
    Object.entries(responses)
      .filter(([k]) => k.startsWith("userAttributes."))
      .map(([k, v]) => [k.slice("userAttributes.".length), String(v)]),
  );
  const user = await answerNewPasswordChallenge(ctx, pool, client, {
    session: requiredString(input, "Session"),
    username,
    newPassword,
    attributes,
  });
  // A new password is still only the first factor: MFA (or its setup) comes next, as after any password.
  const metadata = optionalStringMap(input, "ClientMetadata");
  const step = mfaStepFor(pool, user);
  if (step !== "none")
    return afterPasswordProof(ctx, pool, client, { kind: "authenticated", user }, metadata);
  return signedIn(ctx, pool, client, user, metadata, "TokenGeneration_NewPasswordChallenge");
}

/**
 * A software token is registered either by a signed-in user (AccessToken) or during sign-in's
 * MFA_SETUP (Session), never both: the Session, or undefined for the AccessToken way.
 */
function mfaSetupSession(input: Input): string | undefined {
  const token = optionalString(input, "AccessToken");
  const session = optionalString(input, "Session");
  if ((token === undefined) === (session === undefined))
    fail("InvalidParameterException", "Exactly one of AccessToken and Session is required.");
  return session;
}

/** Sign-up, sign-in and the token-bearing self-service operations (most are unsigned in the SDK). */
export const authOperations: OperationTable = {
  InitiateAuth: (ctx, input) => initiateAuth(ctx, input, false),
  AdminInitiateAuth: async (ctx, input) => {
    await requestedPool(ctx, input);
    return initiateAuth(ctx, input, true);
  },
  RespondToAuthChallenge: (ctx, input) => respondToChallenge(ctx, input, false),
  AdminRespondToAuthChallenge: async (ctx, input) => {
    await requestedPool(ctx, input);
    return respondToChallenge(ctx, input, true);
  },

  async SignUp(ctx, input) {
    const { pool, client } = await requestedClient(ctx, input);
    const username = requiredString(input, "Username");
    checkSecretHash(client, optionalString(input, "SecretHash"), [username]);
    const result = await signUp(ctx, pool, client, {
      username,
      password: requiredString(input, "Password"),
      attributes: input["UserAttributes"],
      validationData: input["ValidationData"],
      clientMetadata: optionalStringMap(input, "ClientMetadata"),
    });
    return {
      UserConfirmed: result.confirmed,
      UserSub: result.user.sub,
      ...(result.confirmed ? {} : { CodeDeliveryDetails: codeDeliveryDetails(result.user) }),
    };
  },

  async ConfirmSignUp(ctx, input) {
    const { pool, client, username, known } = await accountRequest(ctx, input);
    // An ENABLED client answers for a stranger as for a real user whose code is wrong.
    if (known === undefined && hidesUserExistence(client))
      fail("CodeMismatchException", "Invalid verification code provided, please try again.");
    await confirmSignUp(
      ctx,
      pool,
      client,
      username,
      requiredString(input, "ConfirmationCode"),
      optionalStringMap(input, "ClientMetadata"),
    );
    return {};
  },

  async ResendConfirmationCode(ctx, input) {
    const { pool, client, username, known } = await accountRequest(ctx, input);
    if ((known === undefined || !known.enabled) && hidesUserExistence(client))
      return { CodeDeliveryDetails: simulatedCodeDelivery(pool, username) };
    const { user } = await resendConfirmationCode(ctx, pool, username);
    return { CodeDeliveryDetails: codeDeliveryDetails(user) };
  },

  async GetUser(ctx, input) {
    const { user } = await userFromAccessToken(ctx, input);
    return {
      Username: user.username,
      UserAttributes: [
        { Name: "sub", Value: user.sub },
        ...Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
      ],
      ...userMfaSettings(user),
    };
  },

  /** With an AccessToken (a signed-in user), or with the MFA_SETUP Session during sign-in. */
  async AssociateSoftwareToken(ctx, input) {
    const session = mfaSetupSession(input);
    if (session === undefined) {
      const { pool, user } = await userFromAccessToken(ctx, input);
      return { SecretCode: await associateSoftwareToken(ctx, pool, user) };
    }
    const found = await mfaSessionUser(ctx, session, ["MFA_SETUP", "MFA_SETUP_ASSOCIATED"]);
    const client = await ctx.stores.clients.get(found.clientId);
    const pool = await ctx.stores.pools.get(found.user.poolId);
    if (client === undefined || pool === undefined)
      fail("NotAuthorizedException", "Invalid session for the user.");
    const secret = await associateSoftwareToken(ctx, pool, found.user);
    await consumeSession(ctx, found.idHash);
    return {
      SecretCode: secret,
      Session: await openMfaSession(ctx, client, found.user, "MFA_SETUP_ASSOCIATED"),
    };
  },

  async VerifySoftwareToken(ctx, input) {
    const session = mfaSetupSession(input);
    const code = requiredString(input, "UserCode");
    if (session === undefined) {
      const { user } = await userFromAccessToken(ctx, input);
      await verifySoftwareToken(ctx, user, code, false);
      return { Status: "SUCCESS" };
    }
    const found = await mfaSessionUser(ctx, session, ["MFA_SETUP_ASSOCIATED"]);
    const client = await ctx.stores.clients.get(found.clientId);
    if (client === undefined) fail("NotAuthorizedException", "Invalid session for the user.");
    // Set up during sign-in: the token becomes the user's enabled, preferred factor.
    await verifySoftwareToken(ctx, found.user, code, true);
    await consumeSession(ctx, found.idHash);
    return {
      Status: "SUCCESS",
      Session: await openMfaSession(ctx, client, found.user, "MFA_SETUP_VERIFIED"),
    };
  },

  async SetUserMFAPreference(ctx, input) {
    const { user } = await userFromAccessToken(ctx, input);
    await setMfaPreference(ctx, user, input);
    return {};
  },

  async UpdateUserAttributes(ctx, input) {
    const { pool, user } = await userFromAccessToken(ctx, input);
    await updateAttributes(ctx, pool, user, input["UserAttributes"]);
    return {};
  },

  async ChangePassword(ctx, input) {
    const { pool, user } = await userFromAccessToken(ctx, input);
    await changePassword(
      ctx,
      pool,
      user,
      optionalString(input, "PreviousPassword"),
      requiredString(input, "ProposedPassword"),
    );
    return {};
  },

  async ForgotPassword(ctx, input) {
    const { pool, client, username } = await accountRequest(ctx, input);
    return { CodeDeliveryDetails: await forgotPassword(ctx, pool, client, username) };
  },

  async ConfirmForgotPassword(ctx, input) {
    const { pool, client, username } = await accountRequest(ctx, input);
    await confirmForgotPassword(ctx, pool, client, {
      username,
      code: requiredString(input, "ConfirmationCode"),
      password: requiredString(input, "Password"),
    });
    return {};
  },

  async DeleteUser(ctx, input) {
    const { user } = await userFromAccessToken(ctx, input);
    await deleteUser(ctx, user);
    return {};
  },

  async DeleteUserAttributes(ctx, input) {
    const { pool, user } = await userFromAccessToken(ctx, input);
    const names = optionalStringList(input, "UserAttributeNames");
    if (names === undefined) requiredString(input, "UserAttributeNames");
    await deleteAttributes(ctx, pool, user, names ?? []);
    return {};
  },

  async GetUserAttributeVerificationCode(ctx, input) {
    const { user } = await userFromAccessToken(ctx, input);
    return {
      CodeDeliveryDetails: await sendAttributeVerificationCode(
        ctx,
        user,
        requiredString(input, "AttributeName"),
      ),
    };
  },

  async VerifyUserAttribute(ctx, input) {
    const { user } = await userFromAccessToken(ctx, input);
    await verifyAttribute(ctx, user, requiredString(input, "AttributeName"), requiredString(input, "Code"));
    return {};
  },

  async GlobalSignOut(ctx, input) {
    const { user } = await userFromAccessToken(ctx, input);
    await globalSignOut(ctx, user);
    return {};
  },

  /** Amplify v6's refresh; with rotation on the client, a new RefreshToken each time. */
  async GetTokensFromRefreshToken(ctx, input) {
    const token = requiredString(input, "RefreshToken");
    const { client } = await requestedClient(ctx, input);
    if (!clientSecretMatches(client, input))
      fail("NotAuthorizedException", `Unable to verify secret hash for client ${client.id}`);
    if (!allowsAuthFlow(client, "REFRESH_TOKEN_AUTH"))
      fail("NotAuthorizedException", "Refresh Token auth flow is not enabled for this client");
    const clientMetadata = optionalStringMap(input, "ClientMetadata");
    const tokens = rotatesRefreshTokens(client)
      ? await rotateRefreshToken(ctx, client, token, clientMetadata)
      : await refreshTokens(ctx, client, token, { withIdToken: () => true, clientMetadata });
    const { ChallengeParameters: _none, ...result } = authenticationResult(tokens);
    return result;
  },

  async RevokeToken(ctx, input) {
    const token = requiredString(input, "Token");
    const { client } = await requestedClient(ctx, input);
    if (!clientSecretMatches(client, input)) fail("UnauthorizedException", "Client authentication failed.");
    if (!client.settings.EnableTokenRevocation)
      fail("UnsupportedOperationException", "Token revocation is not enabled for this client.");
    if (token.split(".").length === 3)
      fail("UnsupportedTokenTypeException", "Only refresh tokens can be revoked.");
    await revokeRefreshToken(ctx, client, token);
    return {};
  },
};
