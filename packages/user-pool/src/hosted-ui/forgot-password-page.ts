import type { FastifyInstance } from "fastify";
import type { PoolContext } from "../domain/context.ts";
import { CognitoError } from "../domain/errors.ts";
import { confirmForgotPassword, forgotPassword } from "../domain/self-service.ts";
import { rateLimited } from "../rate-limits.ts";
import { pageMessage, withHostedRequest } from "./flow.ts";
import { confirmForgotPasswordView, forgotPasswordView } from "./forgot-password-views.ts";
import { sendPage } from "./page.ts";

const TITLE = "Reset your password";

/**
 * /forgotPassword and /confirmforgotPassword, as Cognito's managed login: a username form, then the
 * code and a new password, then back to /login. The pages never say whether an account exists (the
 * next page reads the same either way) and never show the code: it goes to the log, like every code.
 */
export function registerForgotPasswordPages(app: FastifyInstance, ctx: PoolContext): void {
  app.get("/forgotPassword", (request, reply) =>
    withHostedRequest(ctx, request, reply, async ({ authz, form }) =>
      sendPage(reply, 200, TITLE, forgotPasswordView(authz.pool, form(), "")),
    ),
  );

  app.post("/forgotPassword", (request, reply) =>
    withHostedRequest(ctx, request, reply, async ({ authz, form, body }) => {
      const username = (body["username"] ?? "").trim();
      if (!username)
        return sendPage(
          reply,
          400,
          TITLE,
          forgotPasswordView(authz.pool, form({ error: "Enter your username." }), ""),
        );
      if ((await rateLimited(request, "signIn", username)) !== undefined)
        return sendPage(
          reply,
          429,
          TITLE,
          forgotPasswordView(
            authz.pool,
            form({ error: "Too many attempts. Please wait a minute and try again." }),
            username,
          ),
        );
      let destination: string | undefined;
      try {
        destination = (await forgotPassword(ctx, authz.pool, authz.client, username)).Destination;
      } catch (err) {
        // Unknown, disabled or unverifiable accounts read exactly like a sent code.
        if (!(err instanceof CognitoError))
          ctx.log.error("user-pool: unexpected error on /forgotPassword", err);
      }
      return sendPage(
        reply,
        200,
        TITLE,
        confirmForgotPasswordView(authz.pool, form(), { username, destination }),
      );
    }),
  );

  app.post("/confirmforgotPassword", (request, reply) =>
    withHostedRequest(ctx, request, reply, async ({ authz, form, body, params }) => {
      const username = body["username"] ?? "";
      const again = (error: string) =>
        sendPage(
          reply,
          400,
          TITLE,
          confirmForgotPasswordView(authz.pool, form({ error }), { username, destination: undefined }),
        );
      if (body["password"] !== body["password_confirm"]) return again("The passwords do not match.");
      try {
        await confirmForgotPassword(ctx, authz.pool, authz.client, {
          username,
          code: body["code"] ?? "",
          password: body["password"] ?? "",
        });
      } catch (err) {
        // A stranger's name reads like a wrong code.
        if (err instanceof CognitoError && err.type === "UserNotFoundException")
          return again("Invalid verification code provided, please try again.");
        return again(pageMessage(ctx, err));
      }
      return reply
        .code(302)
        .header("location", `/login?${new URLSearchParams(params)}`)
        .send();
    }),
  );
}
