import type { FastifyInstance } from "fastify";
import { html } from "./html.ts";
import { sendPage } from "./page.ts";

/** Fixed texts per code: the page never echoes free text from its URL. */
const MESSAGES: Record<string, string> = {
  redirect_mismatch: "The redirect address of this sign-in request is not registered for the application.",
  invalid_client: "The application that sent you here is not known to this user pool.",
  unauthorized_client: "This application is not allowed to use the hosted sign-in pages.",
  invalid_request: "The sign-in request was malformed.",
};

/** GET /error: where Cognito sends the browser when it cannot safely redirect back to the app. */
export function registerErrorPage(app: FastifyInstance): void {
  app.get<{ Querystring: { error?: string } }>("/error", async (request, reply) => {
    const code =
      typeof request.query.error === "string" && MESSAGES[request.query.error]
        ? request.query.error
        : "invalid_request";
    return sendPage(
      reply,
      400,
      "An error was encountered with the requested page",
      html`<p class="error" role="alert" data-error="${code}">${MESSAGES[code]}</p>
<p class="hint">Error code: <code>${code}</code></p>`,
    );
  });
}
