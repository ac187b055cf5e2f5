import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { bearerOf, UserRemovedError } from "@tollgate/cognito-permit";
import { ErrorResponses, MyPermissions, PublicConfig, SyncResult } from "@tollgate/contracts";
import type { TasksApi } from "./api.ts";
import type { AppContext } from "./context.ts";
import { authenticate, sendError, usernameOf } from "./http.ts";

/** The user's permissions and roles in the default tenant, from the PDP. */
async function permissionsOf(
  ctx: AppContext,
  sub: string,
): Promise<{ permissions: string[]; roles: string[] }> {
  const map = await ctx.permit.getUserPermissions(sub, ["default"], undefined, undefined, {
    throwOnError: true,
  });
  const entry = map["__tenant:default"] as { permissions?: unknown; roles?: unknown } | undefined;
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  return { permissions: strings(entry?.permissions), roles: strings(entry?.roles) };
}

/**
 * Session routes: the SPA's sign-in settings, the login-time sync (the tutorial's step 2.2), the
 * user's own permissions, and the live event stream.
 */
export function sessionRoutes(app: TasksApi, ctx: AppContext): void {
  const { config } = ctx;
  const tags = ["session"];

  // Public: what the SPA needs to start the OIDC code flow with PKCE.
  app.get("/api/config", { schema: { tags, response: { 200: PublicConfig } } }, async () => ({
    authority:
      config.cognito.issuer ??
      `https://cognito-idp.${config.cognito.region}.amazonaws.com/${config.cognito.userPoolId}`,
    clientId: config.cognito.clientId,
    domainUrl: config.cognito.domainUrl,
    redirectUri: `${config.publicUrl}/callback`,
    logoutUri: `${config.publicUrl}/`,
    live: config.changeStreamUrl ? ("stream" as const) : ("poll" as const),
  }));

  /**
   * Syncs the signed-in user into Permit. Groups and profile are read fresh from the user pool
   * rather than from the token: an admin's group change must not be undone by a token minted
   * before it, and a removed user is refused even while their token is still valid.
   */
  app.post(
    "/api/sync",
    { schema: { tags, response: { 200: SyncResult, ...ErrorResponses } } },
    async (request, reply) => {
      const claims = await authenticate(ctx, request, reply);
      if (!claims) return reply;
      const Username = usernameOf(claims);
      const UserPoolId = config.cognito.userPoolId;
      let attributes: Record<string, string>;
      let groups: string[];
      try {
        const user = await ctx.cognito.send(new AdminGetUserCommand({ UserPoolId, Username }));
        // A disabled user's tokens may still verify; the pool's word is what counts.
        if (user.Enabled === false) return sendError(reply, 401, "user_disabled", "this account is disabled");
        attributes = Object.fromEntries(
          (user.UserAttributes ?? []).map((a) => [a.Name ?? "", a.Value ?? ""]),
        );
        const listed = await ctx.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId, Username }));
        groups = (listed.Groups ?? []).map((g) => g.GroupName ?? "").filter(Boolean);
      } catch (err) {
        if ((err as { name?: string }).name === "UserNotFoundException") {
          return sendError(reply, 401, "user_removed", "this account no longer exists");
        }
        throw err;
      }
      try {
        const result = await ctx.sync.syncUser({
          ...claims,
          email: attributes.email,
          name: attributes.name,
          given_name: attributes.given_name,
          family_name: attributes.family_name,
          "cognito:groups": groups,
        });
        ctx.metrics?.syncs.inc({ status: result.status });
        await ctx.store.rememberProfile(claims.sub, attributes.name || attributes.email || Username);
        // The roles the user now holds, as the PDP sees them (groups' roles and any granted by hand).
        // Empty means no access yet: the SPA says so and that an admin must add them to a group.
        const { roles } = await permissionsOf(ctx, claims.sub);
        return {
          user: { sub: claims.sub, email: attributes.email, name: attributes.name, groups },
          sync: result.status,
          roles,
        };
      } catch (err) {
        ctx.metrics?.syncs.inc({ status: err instanceof UserRemovedError ? "refused" : "failed" });
        if (err instanceof UserRemovedError)
          return sendError(reply, 401, "user_removed", "this account was removed");
        request.log.error({ err }, "sync failed");
        return sendError(
          reply,
          503,
          "authorization_unavailable",
          "could not sync with the authorization service",
        );
      }
    },
  );

  app.get(
    "/api/me/permissions",
    { schema: { tags, response: { 200: MyPermissions, ...ErrorResponses } } },
    async (request, reply) => {
      const claims = await authenticate(ctx, request, reply);
      if (!claims) return reply;
      try {
        return { sub: claims.sub, ...(await permissionsOf(ctx, claims.sub)) };
      } catch {
        return sendError(
          reply,
          503,
          "authorization_unavailable",
          "the authorization service cannot be reached",
        );
      }
    },
  );

  /** Server-Sent Events for this user: `permissions`, `tasks` and `removed`. */
  app.get("/api/events", { schema: { tags } }, async (request, reply) => {
    const claims = await authenticate(ctx, request, reply);
    if (!claims) return reply;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    raw.write("retry: 1000\n\nevent: ready\ndata: {}\n\n");
    const token = bearerOf(request.headers.authorization) ?? "";
    const disconnect = ctx.hub.connect(
      claims.sub,
      raw,
      async () => (await ctx.sessions.check(token, claims)) !== "active",
    );
    request.raw.on("close", disconnect);
  });
}
