import type { FastifyInstance } from "fastify";
import { maskDestination } from "../domain/attributes.ts";
import type { PoolContext } from "../domain/context.ts";
import { CognitoError } from "../domain/errors.ts";
import { openNewPasswordChallenge, signInWithPassword } from "../domain/sign-in.ts";
import { rateLimited } from "../rate-limits.ts";
import { pageMessage, withHostedRequest } from "./flow.ts";
import { continueAfterPassword } from "./mfa-pages.ts";
import { sendPage } from "./page.ts";
import { confirmView, extraRequiredAttributes, loginView, newPasswordView } from "./views.ts";

/**
 * GET/POST /login: the sign-in page. Wrong password and unknown user read the same ("Incorrect username
 * or password."), so the page does not reveal who has an account.
 */
export function registerLoginPage(app: FastifyInstance, ctx: PoolContext): void {
  app.get("/login", (request, reply) =>
    withHostedRequest(ctx, request, reply, async ({ authz, form }) =>
      sendPage(reply, 200, "Sign in", loginView(authz.pool, form(), "")),
    ),
  );

  app.post("/login", (request, reply) =>
    withHostedRequest(ctx, request, reply, async ({ authz, form, body }) => {
      const username = (body["username"] ?? "").trim();
      const password = body["password"] ?? "";
      const again = (error: string, status = 400) =>
        sendPage(reply, status, "Sign in", loginView(authz.pool, form({ error }), username));
      if (!username || !password) return again("Enter your username and password.");
      if ((await rateLimited(request, "signIn", username)) !== undefined)
        return again("Too many sign-in attempts. Please wait a minute and try again.", 429);
      try {
        const outcome = await signInWithPassword(ctx, authz.pool, authz.client, username, password);
        if (outcome.kind === "new-password-required") {
          const session = await openNewPasswordChallenge(ctx, authz.pool, authz.client, outcome.user);
          const missing = extraRequiredAttributes(authz.pool, []).filter(
            (a) => !outcome.user.attributes[a.Name],
          );
          return sendPage(
            reply,
            200,
            "Change password",
            newPasswordView(authz.pool, form(), { username, session, missing, values: {} }),
          );
        }
        return await continueAfterPassword(ctx, request, reply, authz, form(), outcome.user);
      } catch (err) {
        if (err instanceof CognitoError && err.type === "UserNotFoundException")
          return again("Incorrect username or password.");
        if (err instanceof CognitoError && err.message === "Password attempts exceeded")
          return again(err.message, 429);
        if (err instanceof CognitoError && err.type === "UserNotConfirmedException") {
          const email = (await ctx.stores.users.byAttribute(authz.pool.id, "email", username))[0]?.attributes[
            "email"
          ];
          return sendPage(
            reply,
            200,
            "Confirm your account",
            confirmView(
              form({
                notice: "Your account is not confirmed yet. Enter the code we sent, or ask for a new one.",
              }),
              {
                username,
                session: undefined,
                destination: email ? maskDestination(email) : undefined,
                localCode: undefined,
              },
            ),
          );
        }
        return again(pageMessage(ctx, err));
      }
    }),
  );
}
