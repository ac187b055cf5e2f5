import type { FastifyInstance } from "fastify";
import type { PoolContext } from "../domain/context.ts";
import { openConfirmationSession } from "../domain/sign-in.ts";
import { codeDeliveryDetails, signUp } from "../domain/users.ts";
import { rateLimited } from "../rate-limits.ts";
import { finishHostedSignIn, pageMessage, withHostedRequest } from "./flow.ts";
import { sendPage } from "./page.ts";
import { confirmView, signupView } from "./views.ts";

/**
 * GET/POST /signup: self-registration. An auto-confirmed user (pool setting or PreSignUp) is signed in
 * at once; otherwise the confirmation page follows, showing the code in local mode.
 */
export function registerSignupPage(app: FastifyInstance, ctx: PoolContext): void {
  app.get("/signup", (request, reply) =>
    withHostedRequest(ctx, request, reply, async ({ authz, form }) =>
      sendPage(reply, 200, "Sign up", signupView(authz.pool, form(), {})),
    ),
  );

  app.post("/signup", (request, reply) =>
    withHostedRequest(ctx, request, reply, async ({ authz, form, body }) => {
      const values: Record<string, string> = {
        username: (body["username"] ?? "").trim(),
        email: (body["email"] ?? "").trim(),
      };
      const attributes: { Name: string; Value: string }[] = [];
      for (const [key, value] of Object.entries(body))
        if (key.startsWith("attr:") && value.trim() !== "") {
          values[key.slice(5)] = value.trim();
          attributes.push({ Name: key.slice(5), Value: value.trim() });
        }
      const emailLogin = authz.pool.settings.UsernameAttributes?.includes("email") ?? false;
      if (values["email"] && !emailLogin) attributes.push({ Name: "email", Value: values["email"] });
      const username = emailLogin ? (values["email"] ?? "") : (values["username"] ?? "");
      if ((await rateLimited(request, "signUp")) !== undefined)
        return sendPage(
          reply,
          429,
          "Sign up",
          signupView(
            authz.pool,
            form({ error: "Too many sign-ups from your network. Please wait a minute and try again." }),
            values,
          ),
        );
      if (!username)
        return sendPage(
          reply,
          400,
          "Sign up",
          signupView(authz.pool, form({ error: "Enter a username." }), values),
        );
      try {
        const result = await signUp(ctx, authz.pool, authz.client, {
          username,
          password: body["password"] ?? "",
          attributes,
        });
        if (result.confirmed) return await finishHostedSignIn(ctx, request, reply, authz, result.user);
        const session = await openConfirmationSession(ctx, authz.client, result.user);
        return sendPage(
          reply,
          200,
          "Confirm your account",
          confirmView(form(), {
            username: result.user.username,
            session,
            destination: codeDeliveryDetails(result.user).Destination,
            localCode: ctx.showCodes ? result.code : undefined,
          }),
        );
      } catch (err) {
        return sendPage(
          reply,
          400,
          "Sign up",
          signupView(authz.pool, form({ error: pageMessage(ctx, err) }), values),
        );
      }
    }),
  );
}
