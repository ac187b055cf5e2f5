import type { FastifyInstance } from "fastify";
import type { PoolContext } from "../domain/context.ts";
import { answerNewPasswordChallenge } from "../domain/sign-in.ts";
import { findUser } from "../domain/users.ts";
import { pageMessage, withHostedRequest } from "./flow.ts";
import { continueAfterPassword } from "./mfa-pages.ts";
import { sendPage } from "./page.ts";
import { extraRequiredAttributes, newPasswordView } from "./views.ts";

/** POST /newPassword: an admin-created user replaces the temporary password, then is signed in. */
export function registerNewPasswordPage(app: FastifyInstance, ctx: PoolContext): void {
  app.post("/newPassword", (request, reply) =>
    withHostedRequest(ctx, request, reply, async ({ authz, form, body }) => {
      const username = body["username"] ?? "";
      const session = body["session"] ?? "";
      const attributes = Object.fromEntries(
        Object.entries(body)
          .filter(([k]) => k.startsWith("attr:"))
          .map(([k, v]) => [k.slice(5), v.trim()]),
      );
      const known = await findUser(ctx, authz.pool, username);
      const missing = extraRequiredAttributes(authz.pool, []).filter((a) => !known?.attributes[a.Name]);
      const again = (error: string) =>
        sendPage(
          reply,
          400,
          "Change password",
          newPasswordView(authz.pool, form({ error }), { username, session, missing, values: attributes }),
        );
      if (body["password"] !== body["password_confirm"]) return again("The passwords do not match.");
      try {
        const user = await answerNewPasswordChallenge(ctx, authz.pool, authz.client, {
          session,
          username,
          newPassword: body["password"] ?? "",
          attributes,
        });
        return await continueAfterPassword(ctx, request, reply, authz, form(), user);
      } catch (err) {
        return again(pageMessage(ctx, err));
      }
    }),
  );
}
