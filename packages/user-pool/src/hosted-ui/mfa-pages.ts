import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import type { PoolContext } from "../domain/context.ts";
import { CognitoError } from "../domain/errors.ts";
import {
  answerSoftwareTokenMfa,
  associateSoftwareToken,
  consumeSession,
  mfaSessionUser,
  mfaStepFor,
  openMfaSession,
  verifySoftwareToken,
} from "../domain/mfa.ts";
import type { PoolRecord, UserRecord } from "../domain/model.ts";
import type { ValidAuthorizationRequest } from "../oauth/authorize/request.ts";
import { finishHostedSignIn, pageMessage, withHostedRequest } from "./flow.ts";
import { mfaCodeView, totpSetupView } from "./mfa-views.ts";
import { sendPage } from "./page.ts";
import type { FormContext } from "./views.ts";

async function qrSvg(pool: PoolRecord, user: UserRecord, secret: string): Promise<string> {
  const uri = new TOTP({
    issuer: pool.name,
    label: user.attributes["email"] ?? user.username,
    secret: Secret.fromBase32(secret),
    algorithm: "SHA1",
    digits: 6,
    period: 30,
  }).toString();
  return QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
}

async function setupPage(
  reply: FastifyReply,
  authz: ValidAuthorizationRequest,
  form: FormContext,
  user: UserRecord,
  session: string,
  status = 200,
): Promise<FastifyReply> {
  const secret = user.mfa?.pendingSecret ?? "";
  return sendPage(
    reply,
    status,
    "Set up your authenticator",
    totpSetupView(form, { session, secret, qrSvg: await qrSvg(authz.pool, user, secret) }),
  );
}

/**
 * After the password on a hosted page: the MFA code page, the TOTP setup page (pool MFA ON and no
 * token yet), or straight back to the app.
 */
export async function continueAfterPassword(
  ctx: PoolContext,
  request: FastifyRequest,
  reply: FastifyReply,
  authz: ValidAuthorizationRequest,
  form: FormContext,
  user: UserRecord,
): Promise<FastifyReply> {
  const step = mfaStepFor(authz.pool, user);
  if (step === "SOFTWARE_TOKEN_MFA")
    return sendPage(
      reply,
      200,
      "Enter your code",
      mfaCodeView(form, await openMfaSession(ctx, authz.client, user, "SOFTWARE_TOKEN_MFA")),
    );
  if (step === "MFA_SETUP") {
    await associateSoftwareToken(ctx, authz.pool, user);
    const session = await openMfaSession(ctx, authz.client, user, "MFA_SETUP_ASSOCIATED");
    return setupPage(reply, authz, form, user, session);
  }
  return finishHostedSignIn(ctx, request, reply, authz, user);
}

const EXPIRED = "Your sign-in has expired. Please go back and sign in again.";

/** POST /mfa and POST /mfaSetup: the second factor of a hosted sign-in. */
export function registerMfaPages(app: FastifyInstance, ctx: PoolContext): void {
  app.post("/mfa", (request, reply) =>
    withHostedRequest(ctx, request, reply, async ({ authz, form, body }) => {
      const session = body["session"] ?? "";
      try {
        const user = await answerSoftwareTokenMfa(ctx, authz.client, session, body["code"] ?? "");
        return await finishHostedSignIn(ctx, request, reply, authz, user);
      } catch (err) {
        const expired = err instanceof CognitoError && err.type === "NotAuthorizedException";
        return sendPage(
          reply,
          400,
          "Enter your code",
          mfaCodeView(form({ error: expired ? EXPIRED : pageMessage(ctx, err) }), session),
        );
      }
    }),
  );

  app.post("/mfaSetup", (request, reply) =>
    withHostedRequest(ctx, request, reply, async ({ authz, form, body }) => {
      const session = body["session"] ?? "";
      let found: Awaited<ReturnType<typeof mfaSessionUser>>;
      try {
        found = await mfaSessionUser(ctx, session, ["MFA_SETUP_ASSOCIATED"], authz.client.id);
      } catch {
        return sendPage(reply, 400, "Set up your authenticator", mfaCodeView(form({ error: EXPIRED }), ""));
      }
      try {
        await verifySoftwareToken(ctx, found.user, body["code"] ?? "", true);
        await consumeSession(ctx, found.idHash);
        return await finishHostedSignIn(ctx, request, reply, authz, found.user);
      } catch (err) {
        return setupPage(reply, authz, form({ error: pageMessage(ctx, err) }), found.user, session, 400);
      }
    }),
  );
}
