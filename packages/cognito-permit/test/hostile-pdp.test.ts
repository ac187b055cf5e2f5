// Issue 9, item 5: the guard failed open when the PDP answered `{"allow": "false"}`. A hostile PDP on
// loopback answers every kind of bad thing; the guard (through the permitio SDK, as the app uses it)
// allows only a boolean `true`, denies `false`, and answers 503 for everything unusable, including a
// PDP that accepts the connection and never answers.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import Fastify, { type FastifyInstance } from "fastify";
import { Permit } from "permitio";
import { createVerifier, DEFAULT_DECISION_TIMEOUT_MS, fastifyGuards } from "../src/index.ts";
import { CLIENT_ID, POOL_ID, type Services, startServices } from "./services.ts";

type Answer = (req: IncomingMessage, res: ServerResponse) => void;
const json =
  (status: number, body: string): Answer =>
  (_req, res) => {
    res.writeHead(status, { "content-type": "application/json" }).end(body);
  };
const answers: Record<string, Answer> = {
  "allow true": json(200, '{"allow": true}'),
  "allow false": json(200, '{"allow": false}'),
  'allow "false" (a string)': json(200, '{"allow": "false"}'),
  'allow "true" (a string)': json(200, '{"allow": "true"}'),
  "allow 1": json(200, '{"allow": 1}'),
  "allow as an object": json(200, '{"allow": {"value": true}}'),
  "no allow field": json(200, "{}"),
  "malformed JSON": json(200, '{"allow": tru'),
  "an array": json(200, "[true]"),
  "a 500 that says allow": json(500, '{"allow": true}'),
  "a 401": json(401, '{"allow": true}'),
  "a redirect": (_req, res) => res.writeHead(302, { location: "http://127.0.0.1:1/" }).end(),
  "never answers": () => undefined,
  "headers, then a body that never ends": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"allow": ');
    const drip = setInterval(() => res.write(" "), 100);
    res.on("close", () => clearInterval(drip));
  },
};

describe("the guard against a hostile PDP", () => {
  let s: Services;
  let pdp: Server;
  let mode = "allow true";
  let token: string;
  const apps: FastifyInstance[] = [];

  before(async () => {
    s = await startServices();
    token = (await s.signIn("ed@example.com")).access;
    pdp = createServer((req, res) => {
      req.resume();
      req.on("end", () => answers[mode]!(req, res));
    });
    await new Promise<void>((resolve) => pdp.listen(0, "127.0.0.1", resolve));
  });
  after(async () => {
    for (const app of apps) await app.close();
    pdp.closeAllConnections();
    await new Promise((resolve) => pdp.close(resolve));
    await s.close();
  });

  async function guardedApp(decisionTimeoutMs?: number): Promise<FastifyInstance> {
    const url = `http://127.0.0.1:${(pdp.address() as AddressInfo).port}`;
    const permit = new Permit({ token: "permit_key_x", pdp: url, apiUrl: url, log: { level: "fatal" } });
    const verifier = createVerifier({
      userPoolId: POOL_ID,
      clientId: CLIENT_ID,
      tokenUse: "access",
      issuer: s.issuer,
    });
    const { requirePermission } = fastifyGuards({
      verifier,
      permit,
      ...(decisionTimeoutMs !== undefined && { decisionTimeoutMs }),
    });
    const app = Fastify();
    app.delete("/tasks/1", { preHandler: requirePermission("delete", "task") }, async () => ({
      deleted: true,
    }));
    apps.push(app);
    return app;
  }
  const del = (app: FastifyInstance) =>
    app.inject({ method: "DELETE", url: "/tasks/1", headers: { authorization: `Bearer ${token}` } });

  it("allows only a boolean true and denies a boolean false", async () => {
    const app = await guardedApp(1000);
    mode = "allow true";
    assert.equal((await del(app)).statusCode, 200);
    mode = "allow false";
    const denied = await del(app);
    assert.equal(denied.statusCode, 403);
    assert.equal(denied.json().error, "forbidden");
  });

  for (const name of Object.keys(answers).filter((n) => n !== "allow true" && n !== "allow false")) {
    it(`answers 503 and does nothing when the PDP sends ${name}`, async () => {
      const app = await guardedApp(1000);
      mode = name;
      const res = await del(app);
      assert.equal(res.statusCode, 503, `${name}: ${res.body}`);
      assert.notEqual(res.json().deleted, true);
    });
  }

  it("uses a 2 s deadline by default for a PDP that never answers", async () => {
    assert.equal(DEFAULT_DECISION_TIMEOUT_MS, 2000);
    const app = await guardedApp();
    mode = "never answers";
    const res = await del(app);
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().error, "authorization_unavailable");
  });
});
