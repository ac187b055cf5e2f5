import type { FastifyInstance } from "fastify";
import type { PoolContext } from "../domain/context.ts";
import { consumeConfirmationSession } from "../domain/sign-in.ts";
import { codeDeliveryDetails, confirmSignUp, resendConfirmationCode } from "../domain/users.ts";
import { finishHostedSignIn, pageMessage, withHostedRequest } from "./flow.ts";
import { sendPage } from "./page.ts";
import { confirmView, loginView } from "./views.ts";

/**
 * GET/POST /confirmUser: enter the code (or ask for a new one). When the browser is the one that just
 * signed up, confirmation signs the user in; otherwise they continue at the sign-in page.
 */
export function registerConfirmPage(app: FastifyInstance, ctx: PoolContext): void {
  app.get("/confirmUser", (request, reply) =>
    withHostedRequest(ctx, request, reply, async ({ params, form }) =>
      sendPage(
        reply,
        200,
        "Confirm your account",
        confirmView(form(), {
          username: params["username"] ?? "",
          session: undefined,
          destination: undefined,
          localCode: undefined,
        }),
      ),
    ),
  );

  app.post("/confirmUser", (request, reply) =>
    withHostedRequest(ctx, request, reply, async ({ authz, form, body }) => {
      const username = body["username"] ?? "";
      const session = body["session"] || undefined;
      const page = (status: number, extra: { error?: string; notice?: string }, localCode?: string) =>
        sendPage(
          reply,
          status,
          "Confirm your account",
          confirmView(form(extra), { username, session, destination: undefined, localCode }),
        );
      try {
        if (body["action"] === "resend") {
          const { user, code } = await resendConfirmationCode(ctx, authz.pool, username);
          return page(
            200,
            { notice: `A new code was sent to ${codeDeliveryDetails(user).Destination}.` },
            ctx.showCodes ? code : undefined,
          );
        }
        const user = await confirmSignUp(
          ctx,
          authz.pool,
          authz.client,
          username,
          (body["code"] ?? "").trim(),
        );
        if (await consumeConfirmationSession(ctx, authz.client, user, session))
          return await finishHostedSignIn(ctx, request, reply, authz, user);
        return sendPage(
          reply,
          200,
          "Sign in",
          loginView(authz.pool, form({ notice: "Your account is confirmed. Please sign in." }), ""),
        );
      } catch (err) {
        return page(400, { error: pageMessage(ctx, err) });
      }
    }),
  );
}
