/** The library against the real local services: no mocks of Tollgate's own parts. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AdminAddUserToGroupCommand,
  AdminGetUserCommand,
  AdminRemoveUserFromGroupCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import Fastify from "fastify";
import { Permit } from "permitio";
import {
  type CognitoClaims,
  createUserRemover,
  createUserSync,
  createVerifier,
  expressGuards,
  fastifyGuards,
  memoryTombstones,
  type PolicyChange,
  subscribeToChanges,
  syncTriggers,
  UserRemovalError,
  UserRemovedError,
} from "../src/index.ts";
import { CLIENT_ID, OTHER_CLIENT_ID, POOL_ID, type Services, startServices } from "./services.ts";

const mapping = { groups: { admin: "admin", editor: "editor", viewer: "viewer" }, defaultRole: "viewer" };

describe("cognito-permit against the local user pool and authorization service", () => {
  let s: Services;
  before(async () => {
    s = await startServices();
    const api = s.permit.api;
    await api.resources.create({ key: "task", name: "Task", actions: { get: {}, create: {}, delete: {} } });
    await api.roles.create({
      key: "admin",
      name: "Admin",
      permissions: ["task:get", "task:create", "task:delete"],
    });
    await api.roles.create({ key: "editor", name: "Editor", permissions: ["task:get", "task:create"] });
    await api.roles.create({ key: "viewer", name: "Viewer", permissions: ["task:get"] });
    await api.roles.create({ key: "auditor", name: "Auditor", permissions: ["task:get"] });
  });
  after(() => s.close());

  describe("createVerifier (aws-jwt-verify)", () => {
    const access = () =>
      createVerifier({ userPoolId: POOL_ID, clientId: CLIENT_ID, tokenUse: "access", issuer: s.issuer });
    const id = () =>
      createVerifier({ userPoolId: POOL_ID, clientId: CLIENT_ID, tokenUse: "id", issuer: s.issuer });

    it("accepts access and ID tokens for the right use and client", async () => {
      const t = await s.signIn("ed@example.com");
      const a = await access().verify(t.access);
      assert.equal(a.token_use, "access");
      assert.deepEqual(a["cognito:groups"], ["editor"]);
      const i = await id().verify(t.id);
      assert.equal(i.token_use, "id");
      assert.equal(i.email, "ed@example.com");
      assert.equal(i.sub, a.sub);
    });
    it("rejects an ID token where an access token is expected, and the reverse", async () => {
      const t = await s.signIn("ed@example.com");
      await assert.rejects(access().verify(t.id));
      await assert.rejects(id().verify(t.access));
    });
    it("rejects another client's token", async () => {
      const t = await s.signIn("ed@example.com", OTHER_CLIENT_ID);
      await assert.rejects(access().verify(t.access), /client/i);
      await assert.rejects(id().verify(t.id), /client|audience/i);
    });
    it("rejects a tampered token", async () => {
      const t = await s.signIn("ed@example.com");
      const [h, p, sig] = t.access.split(".");
      const claims = JSON.parse(Buffer.from(p!, "base64url").toString());
      claims["cognito:groups"] = ["admin"];
      const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${sig}`;
      await assert.rejects(access().verify(forged), /signature/i);
    });
    it("rejects an expired token", async () => {
      s.shiftClock(-2 * 3600_000);
      const t = await s.signIn("ed@example.com");
      s.shiftClock(0);
      await assert.rejects(access().verify(t.access), /expired/i);
    });
    it("rejects a token from another issuer", async () => {
      const t = await s.signIn("ed@example.com");
      const wrong = createVerifier({
        userPoolId: POOL_ID,
        clientId: CLIENT_ID,
        tokenUse: "access",
        issuer: `${s.pool.publicUrl}/us-east-1_Other9`,
      });
      await assert.rejects(wrong.verify(t.access));
    });
  });

  describe("createUserSync", () => {
    const verifier = () =>
      createVerifier({ userPoolId: POOL_ID, clientId: CLIENT_ID, tokenUse: "id", issuer: s.issuer });

    it("creates the user keyed by sub with the mapped role, then skips an unchanged repeat", async () => {
      const sync = createUserSync({ permit: s.permit, mapping });
      const claims = await verifier().verify((await s.signIn("ed@example.com")).id);
      const first = await sync.syncUser(claims);
      assert.equal(first.status, "created");
      assert.deepEqual(first.assigned, [{ role: "editor", tenant: "default" }]);
      const user = await s.permit.api.users.get(claims.sub);
      assert.equal(user.email, "ed@example.com");
      assert.equal(user.first_name, "Ed");
      assert.equal(await s.permit.check(claims.sub, "create", "task"), true);
      assert.equal((await sync.syncUser(claims)).status, "skipped");
    });

    it("reconciles when groups change: assigns the new role, removes the old, keeps hand-given roles", async () => {
      const sync = createUserSync({ permit: s.permit, mapping });
      let claims = await verifier().verify((await s.signIn("ed@example.com")).id);
      await s.permit.api.users.assignRole({ user: claims.sub, role: "auditor", tenant: "default" });
      await s.cognito.send(
        new AdminRemoveUserFromGroupCommand({
          UserPoolId: POOL_ID,
          Username: "ed@example.com",
          GroupName: "editor",
        }),
      );
      await s.cognito.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: POOL_ID,
          Username: "ed@example.com",
          GroupName: "admin",
        }),
      );
      claims = await verifier().verify((await s.signIn("ed@example.com")).id);
      const result = await sync.syncUser(claims);
      assert.equal(result.status, "updated");
      assert.deepEqual(result.assigned, [{ role: "admin", tenant: "default" }]);
      assert.deepEqual(result.unassigned, [{ role: "editor", tenant: "default" }]);
      const roles = ((await s.permit.api.users.getAssignedRoles({ user: claims.sub })) as { role: string }[])
        .map((r) => r.role)
        .sort();
      assert.deepEqual(roles, ["admin", "auditor"]);
      assert.equal(await s.permit.check(claims.sub, "delete", "task"), true);
    });

    it("gives the default role to a user in no group", async () => {
      const sync = createUserSync({ permit: s.permit, mapping });
      const claims = await verifier().verify((await s.signIn("nog@example.com")).id);
      assert.deepEqual((await sync.syncUser(claims)).assigned, [{ role: "viewer", tenant: "default" }]);
      assert.equal(await s.permit.check(claims.sub, "get", "task"), true);
      assert.equal(await s.permit.check(claims.sub, "create", "task"), false);
    });
  });

  describe("guards", () => {
    it("Fastify: 401 without or with a bad token, 403 when denied, 200 when allowed, 503 when the PDP is down", async () => {
      const verifier = createVerifier({
        userPoolId: POOL_ID,
        clientId: CLIENT_ID,
        tokenUse: "access",
        issuer: s.issuer,
      });
      const down = new Permit({
        token: s.apiKey,
        pdp: "http://127.0.0.1:1",
        apiUrl: "http://127.0.0.1:1",
        log: { level: "fatal" },
      });
      const app = Fastify();
      const live = fastifyGuards({ verifier, permit: s.permit });
      const dead = fastifyGuards({ verifier, permit: down });
      let ran = 0;
      const handler = async (req: { cognito?: CognitoClaims }) => {
        ran++;
        return { sub: req.cognito?.sub };
      };
      app.get("/get", { preHandler: live.requirePermission("get", "task") }, handler);
      app.get("/delete", { preHandler: live.requirePermission("delete", "task") }, handler);
      app.get("/down", { preHandler: dead.requirePermission("get", "task") }, handler);
      const nog = await s.signIn("nog@example.com");
      const auth = { authorization: `Bearer ${nog.access}` };
      assert.equal((await app.inject({ url: "/get" })).statusCode, 401);
      assert.equal(
        (await app.inject({ url: "/get", headers: { authorization: "Bearer nope" } })).statusCode,
        401,
      );
      const denied = await app.inject({ url: "/delete", headers: auth });
      assert.equal(denied.statusCode, 403);
      assert.equal(denied.json().error, "forbidden");
      const ok = await app.inject({ url: "/get", headers: auth });
      assert.equal(ok.statusCode, 200);
      assert.ok(ok.json().sub);
      const unavailable = await app.inject({ url: "/down", headers: auth });
      assert.equal(unavailable.statusCode, 503);
      assert.equal(ran, 1, "handlers only run when allowed");
      await app.close();
    });

    it("Express: the same decisions", async () => {
      const verifier = createVerifier({
        userPoolId: POOL_ID,
        clientId: CLIENT_ID,
        tokenUse: "access",
        issuer: s.issuer,
      });
      const { requirePermission } = expressGuards({ verifier, permit: s.permit });
      const call = (action: string, authorization?: string) =>
        new Promise<{ status: number; next: boolean }>((resolve) => {
          requirePermission(action, "task")(
            { headers: { authorization } },
            { status: (status: number) => ({ json: () => resolve({ status, next: false }) }) },
            () => resolve({ status: 200, next: true }),
          );
        });
      const nog = await s.signIn("nog@example.com");
      assert.deepEqual(await call("get"), { status: 401, next: false });
      assert.deepEqual(await call("delete", `Bearer ${nog.access}`), { status: 403, next: false });
      assert.deepEqual(await call("get", `Bearer ${nog.access}`), { status: 200, next: true });
    });
  });

  describe("createUserRemover", () => {
    it("removes from both sides; a retried partial failure finishes the job; the old token cannot sync back", async () => {
      const tombstones = memoryTombstones();
      const idVerifier = createVerifier({
        userPoolId: POOL_ID,
        clientId: CLIENT_ID,
        tokenUse: "id",
        issuer: s.issuer,
      });
      const sync = createUserSync({ permit: s.permit, mapping, tombstones });
      const tokens = await s.signIn("nog@example.com");
      const claims = await idVerifier.verify(tokens.id);
      await sync.syncUser(claims);

      // Permit unreachable: the pool side completes, the Permit side is reported, not dropped.
      const deadPermit = new Permit({
        token: s.apiKey,
        pdp: "http://127.0.0.1:1",
        apiUrl: "http://127.0.0.1:1",
        log: { level: "fatal" },
      });
      const broken = createUserRemover({
        cognito: s.cognito,
        userPoolId: POOL_ID,
        permit: deadPermit,
        tombstones,
        retryDelayMs: 10,
      });
      await assert.rejects(broken(claims.sub), (err: unknown) => {
        assert.ok(err instanceof UserRemovalError);
        assert.deepEqual(err.completed, ["tombstone", "global_sign_out", "delete_from_user_pool"]);
        assert.equal(err.failed, "delete_from_permit");
        return true;
      });
      await assert.rejects(
        s.cognito.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: "nog@example.com" })),
        (err: Error) => err.name === "UserNotFoundException",
      );
      await assert.rejects(
        s.cognito.send(
          new InitiateAuthCommand({
            AuthFlow: "REFRESH_TOKEN_AUTH",
            ClientId: CLIENT_ID,
            AuthParameters: { REFRESH_TOKEN: tokens.refresh },
          }),
        ),
        "the refresh token died with the sign-out",
      );
      assert.equal(await s.permit.check(claims.sub, "get", "task"), true, "still in Permit until the retry");

      const remover = createUserRemover({
        cognito: s.cognito,
        userPoolId: POOL_ID,
        permit: s.permit,
        tombstones,
      });
      assert.deepEqual((await remover(claims.sub)).steps, [
        "tombstone",
        "global_sign_out",
        "delete_from_user_pool",
        "delete_from_permit",
      ]);
      assert.equal(await s.permit.check(claims.sub, "get", "task"), false);
      await assert.rejects(s.permit.api.users.get(claims.sub));
      await remover(claims.sub); // idempotent

      sync.forget(claims.sub);
      await assert.rejects(sync.syncUser(claims), UserRemovedError);
      await assert.rejects(
        s.permit.api.users.get(claims.sub),
        "the still-valid token did not re-create the user",
      );
    });
  });

  describe("triggers", () => {
    it("PostConfirmation syncs a new user with the default role", async () => {
      const sync = createUserSync({ permit: s.permit, mapping });
      const event = {
        version: "1",
        triggerSource: "PostConfirmation_ConfirmSignUp",
        region: "us-east-1",
        userPoolId: POOL_ID,
        userName: "newbie",
        callerContext: { awsSdkVersion: "x", clientId: CLIENT_ID },
        request: {
          userAttributes: { sub: "11111111-2222-3333-4444-555555555555", email: "newbie@example.com" },
        },
        response: {},
      };
      assert.equal(await syncTriggers(sync).postConfirmation(event), event);
      assert.equal(
        (await s.permit.api.users.get("11111111-2222-3333-4444-555555555555")).email,
        "newbie@example.com",
      );
      assert.equal(await s.permit.check("11111111-2222-3333-4444-555555555555", "get", "task"), true);
    });
  });

  describe("subscribeToChanges", () => {
    it("delivers each committed change", async () => {
      const seen: PolicyChange[] = [];
      const sub = subscribeToChanges({ url: s.authzUrl, apiKey: s.apiKey, onChange: (c) => seen.push(c) });
      try {
        await new Promise((r) => setTimeout(r, 300));
        await s.permit.api.roles.assignPermissions("viewer", ["task:create"]);
        const deadline = Date.now() + 3000;
        while (!seen.some((c) => c.kind === "role") && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 20));
        assert.deepEqual(
          seen.map((c) => [c.kind, c.keys]),
          [["role", ["viewer"]]],
        );
      } finally {
        sub.close();
      }
    });
  });
});
