/**
 * Issue 9.3 (pool side): `GET /_tollgate/pools/{id}/events` announces disable, enable, global sign-out,
 * password reset and delete, resumes from the database after a restart, and is signed like IAM calls.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { PASSWORD, startTestPool, type TestPool } from "./harness.ts";

const POOL_ID = "us-east-1_Events0001";
const CLIENT_ID = "eventsclient00000000000000";
const KEYS = { accessKeyId: "AKIAEVENTS", secretAccessKey: "events-secret" };
const DUMMY = `AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`;
const seed = {
  pools: [
    {
      id: POOL_ID,
      name: "events",
      clients: [{ id: CLIENT_ID, name: "app" }],
      users: ["ann", "ben", "cat", "dan"].map((username) => ({ username, password: PASSWORD })),
    },
  ],
};

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** Reads an SSE response block by block (enough of the spec for what the pool sends). */
class SseReader {
  readonly events: SseEvent[] = [];
  readonly done: Promise<void>;
  constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {
    const body = response.body;
    if (!body) throw new Error("no body");
    this.done = (async () => {
      const decoder = new TextDecoder();
      let buffer = "";
      try {
        for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end = buffer.indexOf("\n\n");
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event: SseEvent = {};
            for (const line of block.split("\n")) {
              if (line.startsWith(":")) event.comment = line.slice(1).trim();
              const m = line.match(/^(id|event|data): ?(.*)$/);
              if (m) event[m[1] as "id" | "event" | "data"] = m[2];
            }
            this.events.push(event);
            end = buffer.indexOf("\n\n");
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  userEvents(): { id: number; data: Record<string, string> }[] {
    return this.events
      .filter((e) => e.event === "user")
      .map((e) => ({ id: Number(e.id), data: JSON.parse(e.data ?? "{}") as Record<string, string> }));
  }
  async waitFor(predicate: (r: SseReader) => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!predicate(this)) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}: ${JSON.stringify(this.events)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }
}

async function open(url: string, headers: Record<string, string> = { authorization: DUMMY }) {
  return fetch(url, { headers });
}

/** Opens a stream that must answer 200, and starts reading it. */
async function stream(url: string, headers: Record<string, string> = { authorization: DUMMY }) {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  if (res.status !== 200) assert.fail(`stream refused: ${res.status} ${await res.text()}`);
  return new SseReader(res, abort);
}

describe("account events stream", () => {
  let pool: TestPool;
  const dir = { value: "" };
  before(async () => {
    pool = await startTestPool({ seed, eventsKeepAliveMs: 200 });
    dir.value = pool.dir;
  });
  after(() => pool.cleanup());

  const url = () => `${pool.url}/_tollgate/pools/${POOL_ID}/events`;

  test("needs a signature and a known pool", async () => {
    const unsigned = await open(url(), {});
    assert.equal(unsigned.status, 400);
    assert.equal(
      ((await unsigned.json()) as { __type: string }).__type,
      "MissingAuthenticationTokenException",
    );
    const unknown = await open(`${pool.url}/_tollgate/pools/us-east-1_Nope00000/events`);
    assert.equal(unknown.status, 404);
    assert.deepEqual(await unknown.json(), {
      __type: "ResourceNotFoundException",
      message: "User pool us-east-1_Nope00000 does not exist.",
    });
    const bad = await open(`${url()}?since=-1`);
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { __type: string }).__type, "InvalidParameterException");
  });

  test("announces every kind of event, in order, as they happen; keeps the connection alive", async () => {
    const reader = await stream(url());
    assert.match(reader.response.headers.get("content-type") ?? "", /^text\/event-stream/);
    await reader.waitFor((r) => r.events.some((e) => e.comment === "keep-alive"), "a keep-alive comment");

    const signIn = await pool.cognito.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: "ann", PASSWORD },
      }),
    );
    const annToken = signIn.AuthenticationResult?.AccessToken ?? "";
    const benToken =
      (
        await pool.cognito.send(
          new InitiateAuthCommand({
            AuthFlow: "USER_PASSWORD_AUTH",
            ClientId: CLIENT_ID,
            AuthParameters: { USERNAME: "ben", PASSWORD },
          }),
        )
      ).AuthenticationResult?.AccessToken ?? "";

    const p = { UserPoolId: POOL_ID };
    await pool.cognito.send(new AdminDisableUserCommand({ ...p, Username: "ann" }));
    await assert.rejects(
      pool.cognito.send(new GetUserCommand({ AccessToken: annToken })),
      /disabled|revoked/,
    );
    await pool.cognito.send(new AdminEnableUserCommand({ ...p, Username: "ann" }));
    await pool.cognito.send(new GlobalSignOutCommand({ AccessToken: benToken }));
    await assert.rejects(pool.cognito.send(new GetUserCommand({ AccessToken: benToken })), /revoked/);
    await pool.cognito.send(new AdminUserGlobalSignOutCommand({ ...p, Username: "cat" }));
    await pool.cognito.send(new AdminResetUserPasswordCommand({ ...p, Username: "cat" }));
    await pool.cognito.send(
      new AdminSetUserPasswordCommand({ ...p, Username: "dan", Password: "Another-Pass-2", Permanent: true }),
    );
    await pool.cognito.send(new AdminDeleteUserCommand({ ...p, Username: "dan" }));

    await reader.waitFor((r) => r.userEvents().length >= 7, "seven events");
    const events = reader.userEvents();
    assert.deepEqual(
      events.map((e) => [e.data["type"], e.data["username"]]),
      [
        ["user.disabled", "ann"],
        ["user.enabled", "ann"],
        ["user.signed_out", "ben"],
        ["user.signed_out", "cat"],
        ["user.password_reset", "cat"],
        ["user.password_reset", "dan"],
        ["user.deleted", "dan"],
      ],
    );
    for (const [i, e] of events.entries()) {
      if (i > 0) assert.ok(e.id > (events[i - 1]?.id ?? 0), "ids increase");
      assert.equal(e.data["userPoolId"], POOL_ID);
      assert.match(e.data["sub"] ?? "", /^[0-9a-f-]{36}$/);
      assert.match(e.data["at"] ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.deepEqual(Object.keys(e.data).sort(), ["at", "sub", "type", "userPoolId", "username"]);
    }
    await reader.close();
  });

  test("resumes from Last-Event-ID or ?since= after a restart", async () => {
    // The previous test's events are in the database; read their ids without a live stream.
    const all = await stream(`${url()}?since=0`);
    await all.waitFor((r) => r.userEvents().length >= 7, "the stored events");
    const ids = all.userEvents().map((e) => e.id);
    await all.close();

    // A stream left open does not keep the server from stopping: stopping ends it.
    const lingering = await stream(url());
    await pool.stop();
    await lingering.done;
    pool = await startTestPool({ dir: dir.value, eventsKeepAliveMs: 200 });
    const third = ids[2] ?? 0;
    const byHeader = await stream(url(), { authorization: DUMMY, "last-event-id": String(third) });
    await byHeader.waitFor((r) => r.userEvents().length >= 4, "events after the third");
    assert.deepEqual(
      byHeader.userEvents().map((e) => e.id),
      ids.slice(3),
    );
    // New events still follow the backlog on the same stream.
    await pool.cognito.send(new AdminDisableUserCommand({ UserPoolId: POOL_ID, Username: "ben" }));
    await byHeader.waitFor((r) => r.userEvents().length >= 5, "the live event after the backlog");
    assert.equal(byHeader.userEvents().at(-1)?.data["type"], "user.disabled");
    await byHeader.close();

    const bySince = await stream(`${url()}?since=${ids.at(-1)}`);
    await bySince.waitFor((r) => r.userEvents().length >= 1, "the event after the last one");
    assert.deepEqual(
      bySince.userEvents().map((e) => [e.data["type"], e.data["username"]]),
      [["user.disabled", "ben"]],
    );
    await bySince.close();
  });
});

describe("account events stream, strict signatures", () => {
  let pool: TestPool;
  before(async () => {
    pool = await startTestPool({ seed, config: { iamCredentials: KEYS } });
  });
  after(() => pool.cleanup());

  async function signedHeaders(url: URL, credentials: typeof KEYS): Promise<Record<string, string>> {
    const signer = new SignatureV4({
      credentials,
      region: "us-east-1",
      service: "cognito-idp",
      sha256: Hash.bind(null, "sha256"),
    });
    const signed = await signer.sign({
      method: "GET",
      protocol: "http:",
      hostname: url.hostname,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { host: url.host },
    });
    const { host: _host, ...headers } = signed.headers as Record<string, string>;
    return headers;
  }

  test("a GET signed with the configured key streams; a wrong key or a forged signature does not", async () => {
    const url = new URL(`${pool.url}/_tollgate/pools/${POOL_ID}/events?since=0`);
    const good = await fetch(url, { headers: await signedHeaders(url, KEYS) });
    assert.equal(good.status, 200);
    await good.body?.cancel();
    const wrong = await fetch(url, {
      headers: await signedHeaders(url, { ...KEYS, secretAccessKey: "nope" }),
    });
    assert.equal(wrong.status, 400);
    assert.equal(((await wrong.json()) as { __type: string }).__type, "InvalidSignatureException");
    const forged = await fetch(url, { headers: { authorization: DUMMY } });
    assert.equal(forged.status, 400);
    assert.equal(((await forged.json()) as { __type: string }).__type, "UnrecognizedClientException");
    // A signature for one query does not cover another.
    const other = new URL(`${pool.url}/_tollgate/pools/${POOL_ID}/events?since=5`);
    const replayed = await fetch(other, { headers: await signedHeaders(url, KEYS) });
    assert.equal(((await replayed.json()) as { __type: string }).__type, "InvalidSignatureException");
  });
});
