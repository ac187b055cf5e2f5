// Issue 9, item 3, the app's side on its own: the tasks app follows the pool's event stream and, on a
// `user.disabled` event, refuses that user's earlier token and closes their live stream. The pool here
// is the real local pool behind a small proxy that serves the event-stream contract itself, so this
// runs before (and independently of) the pool's own stream; stack-session-end.test.ts is the end to end.
import assert from "node:assert/strict";
import { createServer, request as httpRequest, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { startTasksApp } from "@tollgate/tasks-app";
import { openLiveStream } from "@tollgate/testkit/live-stream";
import { startTestStack } from "@tollgate/testkit/stack";
import { until } from "@tollgate/testkit/until";
import { LOCAL_POOL_ID } from "../src/stack/local-seed.ts";

test("a user.disabled event refuses the user's earlier token and closes their live stream", async (t) => {
  const s = await startTestStack();
  const streams: ServerResponse[] = [];
  const pool = new URL(s.userPool.url);
  const proxy = createServer((req, res) => {
    if (req.url?.startsWith(`/_tollgate/pools/${LOCAL_POOL_ID}/events`)) {
      assert.match(
        req.headers.authorization ?? "",
        /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/us-east-1\/cognito-idp\//,
      );
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(": keep-alive\n\n");
      streams.push(res);
      return;
    }
    const upstream = httpRequest(
      { host: pool.hostname, port: pool.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const app = await startTasksApp(
    { ...s.appConfig, port: 0, cognito: { ...s.appConfig.cognito, endpoint } },
    { webDir: "/nonexistent" },
  );
  try {
    const token = await s.accessToken("editor@example.com");
    const call = (path: string) =>
      fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal((await call("/api/tasks")).status, 200);
    const live = openLiveStream(`${app.url}/api/events`, token);
    const events = live.events;
    await until(
      () => streams.length > 0 && events.includes("ready"),
      "the app's subscription and the user's stream",
    );
    const { sub } = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { sub: string };
    // `iat` has whole seconds: let the event come from a later second than the token, so it is
    // certainly about an earlier token (a same-second event is settled by the pool, which this
    // synthetic event never reached).
    const { iat } = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { iat: number };
    await until(() => Date.now() >= (iat + 1) * 1000 + 10, "a second after the token was issued");
    const started = Date.now();
    streams[0]!.write(
      `id: 1\nevent: user\ndata: ${JSON.stringify({ type: "user.disabled", userPoolId: LOCAL_POOL_ID, username: "editor@example.com", sub, at: new Date().toISOString() })}\n\n`,
    );
    await until(async () => (await call("/api/tasks")).status === 401, "the guarded route to refuse");
    t.diagnostic(`refused ${Date.now() - started} ms after the event`);
    await until(() => live.ended(), "the live stream to close");
    assert.deepEqual(events, ["ready", "signed_out"]);
    for (const path of ["/api/me/permissions", "/api/events"])
      assert.equal((await call(path)).status, 401, path);
    assert.equal(
      (await fetch(`${app.url}/api/sync`, { method: "POST", headers: { authorization: `Bearer ${token}` } }))
        .status,
      401,
    );
  } finally {
    await app.close();
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
    await s.stop();
  }
});
