// Issue 9, item 3 (library side): a disabled, signed-out, reset or deleted user must lose access
// within a second. The library follows the pool's event stream (SigV4-signed, SSE, resumable by id);
// this test speaks that contract from a small real SSE server of its own, and checks the session
// re-check used against real Cognito with the local pool's GetUser.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminSetUserPasswordCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import Fastify from "fastify";
import {
  createVerifier,
  fastifyGuards,
  followPoolEvents,
  revocationCheck,
  SessionRevocations,
  sessionRecheck,
} from "../src/index.ts";
import { CLIENT_ID, PASSWORD, POOL_ID, type Services, startServices } from "./services.ts";

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Checks a request's SigV4 signature the way a strict pool would, for the `local` key. */
async function signatureIsValid(req: IncomingMessage): Promise<boolean> {
  const auth = req.headers.authorization ?? "";
  const match =
    /^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/us-east-1\/cognito-idp\/aws4_request, SignedHeaders=([^,]+), Signature=[0-9a-f]{64}$/.exec(
      auth,
    );
  const amzDate = req.headers["x-amz-date"];
  if (!match || typeof amzDate !== "string") return false;
  const url = new URL(req.url ?? "/", "http://placeholder");
  const headers: Record<string, string> = {};
  for (const name of match[1]!.split(";")) headers[name] = String(req.headers[name] ?? "");
  const signer = new SignatureV4({
    service: "cognito-idp",
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    sha256: Hash.bind(null, "sha256"),
  });
  const date = new Date(
    amzDate.replace(/(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/, "$1-$2-$3T$4:$5:$6Z"),
  );
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const expected = await signer.sign(
    { method: "GET", protocol: "http:", hostname: "127.0.0.1", path: url.pathname, query, headers },
    { signingDate: date },
  );
  return expected.headers.authorization === auth;
}

describe("following the pool's event stream", () => {
  let s: Services;
  let pool: Server;
  let endpoint: string;
  const connections: {
    res: ServerResponse;
    lastEventId: string | undefined;
    since: string | null;
    signed: boolean;
    path: string;
  }[] = [];
  const sse = (res: ServerResponse, text: string) => res.write(text);

  before(async () => {
    s = await startServices();
    pool = createServer(async (req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      const signed = await signatureIsValid(req);
      if (!signed)
        return res
          .writeHead(403, { "content-type": "application/json" })
          .end('{"__type":"InvalidSignatureException"}');
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(": keep-alive\n\n");
      connections.push({
        res,
        lastEventId: req.headers["last-event-id"] as string | undefined,
        since: url.searchParams.get("since"),
        signed,
        path: url.pathname,
      });
    });
    await new Promise<void>((resolve) => pool.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(pool.address() as AddressInfo).port}`;
  });
  after(async () => {
    pool.closeAllConnections();
    await new Promise((resolve) => pool.close(resolve));
    await s.close();
  });

  it("signs with SigV4, ends sessions on the announced events, ignores the rest, and resumes by id", async () => {
    const revocations = new SessionRevocations();
    const ended: string[] = [];
    const follow = followPoolEvents({
      endpoint,
      userPoolId: POOL_ID,
      region: "us-east-1",
      revocations,
      minDelayMs: 50,
      onSessionsEnded: (e) => ended.push(`${e.type}:${e.sub}`),
    });
    try {
      await until(() => connections.length === 1, "the first connection");
      const first = connections[0]!;
      assert.equal(first.signed, true);
      assert.equal(first.path, `/_tollgate/pools/${POOL_ID}/events`);
      assert.equal(first.lastEventId, undefined);
      const at = new Date("2030-01-01T00:00:10.500Z");
      const event = (id: number, type: string, sub: string, poolId = POOL_ID) =>
        `id: ${id}\nevent: user\ndata: ${JSON.stringify({ type, userPoolId: poolId, username: sub, sub, at: at.toISOString() })}\n\n`;
      sse(first.res, event(1, "user.enabled", "enabled-user"));
      sse(first.res, event(2, "user.disabled", "other-pool-user", "us-east-1_Other"));
      sse(first.res, "id: 3\nevent: user\ndata: {not json\n\n");
      // The spec's multi-line data, split across writes.
      sse(first.res, `id: 4\nevent: user\ndata: {"type": "user.disabled", "userPoolId": "${POOL_ID}",\n`);
      sse(first.res, `data: "username": "u", "sub": "disabled-user", "at": "${at.toISOString()}"}\n\n`);
      await until(() => ended.length === 1, "the disabled event");
      assert.deepEqual(ended, ["user.disabled:disabled-user"]);
      const iat = (d: Date) => Math.floor(d.getTime() / 1000);
      assert.equal(revocations.isRevoked({ sub: "disabled-user", iat: iat(at) - 60 }), true, "older token");
      assert.equal(
        revocations.isRevoked({ sub: "disabled-user", iat: iat(at) }),
        true,
        "same second: fail closed",
      );
      assert.equal(
        revocations.standing({ sub: "disabled-user", iat: iat(at) }),
        "uncertain",
        "the pool decides",
      );
      assert.equal(revocations.standing({ sub: "disabled-user", iat: iat(at) - 1 }), "ended");
      assert.equal(revocations.isRevoked({ sub: "disabled-user", iat: iat(at) + 1 }), false, "newer token");
      assert.equal(revocations.isRevoked({ sub: "enabled-user", iat: 0 }), false);
      assert.equal(revocations.isRevoked({ sub: "other-pool-user", iat: 0 }), false);

      // The pool drops the connection: the library reconnects and resumes after event 4.
      first.res.destroy();
      await until(() => connections.length === 2, "the reconnection");
      assert.equal(connections[1]!.lastEventId, "4");
      assert.equal(connections[1]!.since, "4");
      assert.equal(connections[1]!.signed, true);
      for (const [id, type] of [
        [5, "user.signed_out"],
        [6, "user.password_reset"],
        [7, "user.deleted"],
      ] as const)
        sse(connections[1]!.res, event(id, type, `${type}-user`));
      await until(() => ended.length === 4, "the three session-ending events after the resume");
    } finally {
      follow.close();
    }
  });

  it("a guard refuses a token issued before the user was signed out, and accepts one issued after", async () => {
    const revocations = new SessionRevocations();
    const follow = followPoolEvents({
      endpoint,
      userPoolId: POOL_ID,
      region: "us-east-1",
      revocations,
      minDelayMs: 50,
    });
    const verifier = createVerifier({
      userPoolId: POOL_ID,
      clientId: CLIENT_ID,
      tokenUse: "access",
      issuer: s.issuer,
    });
    const app = Fastify();
    const { requirePermission } = fastifyGuards({
      verifier,
      permit: s.permit,
      sessions: revocationCheck(revocations),
    });
    app.get("/tasks", { preHandler: requirePermission("get", "task") }, async () => ({ ok: true }));
    try {
      await s.permit.api.resources
        .create({ key: "task", name: "Task", actions: { get: {} } })
        .catch(() => undefined);
      await s.permit.api.roles
        .create({ key: "editor", name: "Editor", permissions: ["task:get"] })
        .catch(() => undefined);
      const old = await s.signIn("ed@example.com");
      const claims = await verifier.verify(old.access);
      await s.permit.api.users.sync({ key: claims.sub, email: "ed@example.com" });
      await s.permit.api.users
        .assignRole({ user: claims.sub, role: "editor", tenant: "default" })
        .catch(() => undefined);
      const get = (token: string) =>
        app.inject({ url: "/tasks", headers: { authorization: `Bearer ${token}` } });
      assert.equal((await get(old.access)).statusCode, 200);
      await until(() => connections.length >= 3, "the guard's stream");
      const signedOutAt = new Date(claims.iat * 1000 + 500);
      connections
        .at(-1)!
        .res.write(
          `id: 8\nevent: user\ndata: ${JSON.stringify({ type: "user.signed_out", userPoolId: POOL_ID, username: "ed@example.com", sub: claims.sub, at: signedOutAt.toISOString() })}\n\n`,
        );
      await until(async () => (await get(old.access)).statusCode === 401, "the old token refused");
      // A sign-in after the event (a later second) works again.
      await until(() => Date.now() > signedOutAt.getTime() + 1000, "the next second");
      const fresh = await s.signIn("ed@example.com");
      assert.equal((await get(fresh.access)).statusCode, 200);
    } finally {
      follow.close();
      await app.close();
    }
  });

  it("against a pool without a stream (real Cognito), re-checks the session with GetUser at most every interval", async () => {
    await s.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: POOL_ID,
        Username: "leaver@example.com",
        UserAttributes: [{ Name: "email", Value: "leaver@example.com" }],
        MessageAction: "SUPPRESS",
      }),
    );
    await s.cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: POOL_ID,
        Username: "leaver@example.com",
        Password: PASSWORD,
        Permanent: true,
      }),
    );
    const tokens = await s.signIn("leaver@example.com");
    const verifier = createVerifier({
      userPoolId: POOL_ID,
      clientId: CLIENT_ID,
      tokenUse: "access",
      issuer: s.issuer,
    });
    const claims = await verifier.verify(tokens.access);
    const everyTime = sessionRecheck({
      cognito: s.cognito,
      revocations: new SessionRevocations(),
      intervalMs: 0,
    });
    const hourly = sessionRecheck({
      cognito: s.cognito,
      revocations: new SessionRevocations(),
      intervalMs: 3_600_000,
    });
    assert.equal(await everyTime.check(tokens.access, claims), "active");
    assert.equal(await hourly.check(tokens.access, claims), "active");
    await s.cognito.send(new AdminDeleteUserCommand({ UserPoolId: POOL_ID, Username: "leaver@example.com" }));
    assert.equal(await everyTime.check(tokens.access, claims), "ended");
    assert.equal(await hourly.check(tokens.access, claims), "active", "not asked again within the interval");
  });
});

describe("SessionRevocations", () => {
  it("forgets revocations older than any token can live, and keeps recent ones", () => {
    let now = Date.parse("2030-01-02T00:00:00Z");
    const revocations = new SessionRevocations(() => now);
    revocations.revoke("old", now - 1000);
    now += 25 * 3600_000;
    revocations.revoke("recent", now - 1000);
    // "old" is forgotten: any token issued before its revocation has long expired.
    assert.equal(revocations.isRevoked({ sub: "old", iat: 0 }), false);
    assert.equal(revocations.isRevoked({ sub: "recent", iat: Math.floor((now - 60_000) / 1000) }), true);
  });
});
