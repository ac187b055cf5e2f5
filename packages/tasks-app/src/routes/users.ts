import { randomInt } from "node:crypto";
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  ListUsersCommand,
  type UserType,
} from "@aws-sdk/client-cognito-identity-provider";
import { fastifyGuards } from "@tollgate/cognito-permit";
import {
  ErrorResponses,
  GROUPS,
  GroupChange,
  GroupChanged,
  Invitation,
  InviteResult,
  UserList,
  Username,
} from "@tollgate/contracts";
import { Type } from "typebox";
import type { TasksApi } from "./api.ts";
import type { AppContext } from "./context.ts";
import { sendCognitoError, sendError, usernameOf } from "./http.ts";

function attributesOf(user: Pick<UserType, "Attributes"> & { UserAttributes?: UserType["Attributes"] }) {
  return Object.fromEntries(
    (user.Attributes ?? user.UserAttributes ?? []).map((a) => [a.Name ?? "", a.Value ?? ""]),
  );
}

/**
 * A temporary password that satisfies Cognito's default policy (upper, lower, digit, symbol, 8+).
 * The invited user must replace it at first sign-in.
 */
function temporaryPassword(): string {
  const sets = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "!@#$%^&*-_=+"];
  const chars = sets.map((s) => s[randomInt(s.length)]!);
  const all = sets.join("");
  while (chars.length < 14) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}

/**
 * User administration against the user pool, each action authorized by Permit: list (`user:get`),
 * invite and change group (`user:create`), remove from both sides (`user:delete`).
 */
export function userRoutes(app: TasksApi, ctx: AppContext): void {
  const tags = ["users"];
  const { requirePermission } = fastifyGuards({
    verifier: ctx.verifier,
    permit: ctx.permit,
    decisionTimeoutMs: ctx.config.decisionTimeoutMs,
    sessions: ctx.sessions,
  });
  const UserPoolId = ctx.config.cognito.userPoolId;

  const groupsOf = async (Username: string) =>
    ((await ctx.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId, Username }))).Groups ?? [])
      .map((g) => g.GroupName ?? "")
      .filter(Boolean);

  /** Brings Permit in line with the user's groups right away, so the change applies before the next login. */
  const syncFromPool = async (username: string) => {
    const user = await ctx.cognito.send(new AdminGetUserCommand({ UserPoolId, Username: username }));
    const attrs = attributesOf(user);
    ctx.sync.forget(attrs.sub ?? "");
    await ctx.sync.syncUser({
      sub: attrs.sub ?? username,
      token_use: "id",
      iss: "user-pool",
      exp: 0,
      iat: 0,
      email: attrs.email,
      name: attrs.name,
      "cognito:groups": await groupsOf(username),
    });
    return attrs.sub ?? username;
  };

  app.get(
    "/api/users",
    {
      schema: { tags, response: { 200: UserList, ...ErrorResponses } },
      preHandler: requirePermission("get", "user"),
    },
    async (_req, reply) => {
      try {
        const users: UserType[] = [];
        let PaginationToken: string | undefined;
        do {
          const page = await ctx.cognito.send(
            new ListUsersCommand({ UserPoolId, Limit: 60, PaginationToken }),
          );
          users.push(...(page.Users ?? []));
          PaginationToken = page.PaginationToken;
        } while (PaginationToken && users.length < 1000);
        const rows = await Promise.all(
          users.map(async (u) => {
            const a = attributesOf(u);
            return {
              username: u.Username ?? "",
              sub: a.sub ?? "",
              email: a.email ?? "",
              name: a.name ?? "",
              enabled: u.Enabled !== false,
              status: u.UserStatus ?? "UNKNOWN",
              groups: await groupsOf(u.Username ?? ""),
            };
          }),
        );
        return { users: rows.sort((x, y) => x.email.localeCompare(y.email)) };
      } catch (err) {
        return sendCognitoError(reply, err);
      }
    },
  );

  app.post(
    "/api/users",
    {
      schema: { tags, body: Invitation, response: { 201: InviteResult, ...ErrorResponses } },
      preHandler: requirePermission("create", "user"),
    },
    async (req, reply) => {
      const body = req.body;
      const password = temporaryPassword();
      const attributes = [
        { Name: "email", Value: body.email.toLowerCase() },
        { Name: "email_verified", Value: "true" },
        ...(body.name ? [{ Name: "name", Value: body.name }] : []),
      ];
      try {
        const created = await ctx.cognito.send(
          new AdminCreateUserCommand({
            UserPoolId,
            Username: body.email.toLowerCase(),
            TemporaryPassword: password,
            MessageAction: "SUPPRESS",
            UserAttributes: attributes,
          }),
        );
        const username = created.User?.Username ?? body.email.toLowerCase();
        await ctx.cognito.send(
          new AdminAddUserToGroupCommand({ UserPoolId, Username: username, GroupName: body.group }),
        );
        const sub = await syncFromPool(username);
        ctx.hub.notifyAll("users");
        return reply.code(201).send({
          user: {
            username,
            sub,
            email: body.email.toLowerCase(),
            name: body.name ?? "",
            groups: [body.group],
          },
          temporaryPassword: password,
        });
      } catch (err) {
        return sendCognitoError(reply, err);
      }
    },
  );

  app.put(
    "/api/users/:username/group",
    {
      schema: {
        tags,
        params: Username,
        body: GroupChange,
        response: { 200: GroupChanged, ...ErrorResponses },
      },
      preHandler: requirePermission("create", "user"),
    },
    async (req, reply) => {
      const { username } = req.params;
      const { group } = req.body;
      try {
        for (const current of await groupsOf(username)) {
          if (current !== group && (GROUPS as readonly string[]).includes(current)) {
            await ctx.cognito.send(
              new AdminRemoveUserFromGroupCommand({ UserPoolId, Username: username, GroupName: current }),
            );
          }
        }
        await ctx.cognito.send(
          new AdminAddUserToGroupCommand({ UserPoolId, Username: username, GroupName: group }),
        );
        const sub = await syncFromPool(username);
        ctx.hub.notifyAll("users");
        return { username, sub, groups: await groupsOf(username) };
      } catch (err) {
        return sendCognitoError(reply, err);
      }
    },
  );

  app.delete(
    "/api/users/:username",
    {
      schema: { tags, params: Username, response: { 204: Type.Null(), ...ErrorResponses } },
      preHandler: requirePermission("delete", "user"),
    },
    async (req, reply) => {
      const { username: named } = req.params;
      // The pool resolves any name for the account (username, e-mail alias, sub); compare who it is,
      // not how they were named, so an admin cannot remove themselves by their e-mail.
      let sub: string;
      let username: string;
      try {
        const user = await ctx.cognito.send(new AdminGetUserCommand({ UserPoolId, Username: named }));
        sub = attributesOf(user).sub ?? named;
        username = user.Username ?? named;
      } catch (err) {
        return sendCognitoError(reply, err);
      }
      if (sub === req.cognito!.sub || username === usernameOf(req.cognito!)) {
        return sendError(reply, 400, "cannot_remove_self", "you cannot remove your own account");
      }
      const removing = ctx.hub.removal(sub);
      try {
        await ctx.removeUser(sub, username);
      } catch (err) {
        req.log.error({ err }, "user removal incomplete");
        return sendError(reply, 502, "removal_incomplete", (err as Error).message);
      } finally {
        removing();
      }
      ctx.hub.notify([sub], "removed");
      ctx.hub.notifyAll("users");
      return reply.code(204).send(null);
    },
  );
}
