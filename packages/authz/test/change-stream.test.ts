import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestAuthz, TEST_API_KEY, type TestAuthz } from "@tollgate/testkit/authz";

interface SseEvent {
  event: string;
  id?: string;
  data: unknown;
}

/** A minimal SSE reader over fetch: enough to assert on what the stream sends. */
async function openStream(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${TEST_API_KEY}`, ...headers },
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  const waiters: (() => void)[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let at = buffer.indexOf("\n\n");
        while (at !== -1) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const fields = new Map<string, string>();
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) continue;
            const colon = line.indexOf(":");
            if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
          }
          if (fields.has("data")) {
            events.push({
              event: fields.get("event") ?? "message",
              id: fields.get("id"),
              data: JSON.parse(fields.get("data")!),
            });
            for (const w of waiters.splice(0)) w();
          }
          at = buffer.indexOf("\n\n");
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    events,
    async waitFor(predicate: (events: SseEvent[]) => boolean, ms = 5000) {
      const deadline = Date.now() + ms;
      while (!predicate(events)) {
        if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () => controller.abort(),
  };
}

describe("change stream (SSE)", () => {
  let t: TestAuthz;
  before(async () => {
    t = await startTestAuthz();
  });
  after(() => t.close());

  it("requires the API key", async () => {
    const res = await fetch(`${t.url}/v1/changes`);
    assert.equal(res.status, 401);
    await res.body?.cancel();
  });

  it("streams every committed change live, with its version", async () => {
    const stream = await openStream(`${t.url}/v1/changes`);
    try {
      assert.equal(stream.status, 200);
      assert.match(stream.contentType ?? "", /text\/event-stream/);
      await stream.waitFor((e) => e.some((x) => x.event === "ready"));
      await t.permit.api.resources.create({ key: "task", name: "Task", actions: { get: {} } });
      await t.permit.api.roles.create({ key: "viewer", name: "Viewer", permissions: ["task:get"] });
      const write = await t.http("PUT", `${t.facts}/users/u1`, {});
      const version = Number(write.headers.get("x-policy-version"));
      await t.permit.api.users.assignRole({ user: "u1", role: "viewer", tenant: "default" });
      await stream.waitFor((e) => e.filter((x) => x.event === "change").length === 4);
      const changes = stream.events
        .filter((x) => x.event === "change")
        .map((x) => x.data as { version: number; kind: string; keys: string[] });
      assert.deepEqual(
        changes.map((c) => [c.kind, c.keys]),
        [
          ["resource", ["task"]],
          ["role", ["viewer"]],
          ["user", ["u1"]],
          ["role_assignment", ["u1"]],
        ],
      );
      assert.equal(changes[2]!.version, version, "the write's version header matches the event");
      for (let i = 1; i < changes.length; i++) assert.equal(changes[i]!.version, changes[i - 1]!.version + 1);
    } finally {
      stream.close();
    }
  });

  it("resumes from a version (query or Last-Event-ID) and replays what was missed", async () => {
    const from = await openStream(`${t.url}/v1/changes?since=1`);
    const fromHeader = await openStream(`${t.url}/v1/changes`, { "last-event-id": "2" });
    try {
      await from.waitFor((e) => e.some((x) => x.event === "ready"));
      await fromHeader.waitFor((e) => e.some((x) => x.event === "ready"));
      const versions = (s: typeof from) =>
        s.events.filter((x) => x.event === "change").map((x) => Number(x.id));
      assert.deepEqual(versions(from), [2, 3, 4]);
      assert.deepEqual(versions(fromHeader), [3, 4]);
    } finally {
      from.close();
      fromHeader.close();
    }
  });
});
