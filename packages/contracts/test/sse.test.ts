// The one SSE reader, against a real HTTP server: the spec's framing, resuming with Last-Event-ID,
// the server's retry:, refusals, silent connections and stopping.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { type EventSourceMessage, followEventStream, type StreamStatus } from "../src/index.ts";

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

async function serve(handler: Handler) {
  let n = 0;
  const server = createServer((req, res) => handler(req, res, n++));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const open = (res: ServerResponse) => res.writeHead(200, { "content-type": "text/event-stream" });

test("framing: multi-line data split across writes, CRLF line ends, comments and ids", async () => {
  const server = await serve((_req, res) => {
    open(res);
    res.write(": ping\n\n");
    res.write('id: 1\r\nevent: change\r\ndata: {"a":\r\n');
    res.write("data: 1}\r\n\r\nda");
    res.write("ta: plain\n\n");
  });
  const events: EventSourceMessage[] = [];
  const sub = followEventStream({ url: () => server.url, onEvent: (m) => events.push(m) });
  try {
    await until(() => events.length >= 2, "two events");
    assert.deepEqual(events[0], { id: "1", event: "change", data: '{"a":\n1}' });
    assert.equal(events[1]!.event, undefined); // a plain `message`
    assert.equal(events[1]!.data, "plain");
  } finally {
    sub.close();
    await server.close();
  }
});

test("after a drop it reconnects, sends Last-Event-ID, honours retry: and reports its status", async () => {
  const seen: (string | undefined)[] = [];
  const server = await serve((req, res, n) => {
    seen.push(req.headers["last-event-id"] as string | undefined);
    assert.equal(req.headers.authorization, "Bearer k");
    open(res);
    if (n === 0) {
      res.end("retry: 50\nid: 7\ndata: first\n\n"); // then the server hangs up
    } else res.write(`id: ${8 + n}\ndata: again\n\n`);
  });
  const data: string[] = [];
  const statuses: StreamStatus[] = [];
  const sub = followEventStream({
    url: () => server.url,
    headers: () => ({ authorization: "Bearer k" }),
    onEvent: (m) => data.push(m.data),
    onStatus: (s) => statuses.push(s),
    minDelayMs: 10,
  });
  try {
    await until(() => data.length >= 2, "the event after reconnecting");
    assert.deepEqual(seen.slice(0, 2), [undefined, "7"]);
    assert.deepEqual(statuses.slice(0, 4), ["connecting", "live", "reconnecting", "live"]);
  } finally {
    sub.close();
    await server.close();
  }
});

test("a refusal the caller calls final stops it; others are retried", async () => {
  const server = await serve((_req, res, n) => {
    res.writeHead(n === 0 ? 503 : 401).end();
  });
  const refusals: number[] = [];
  let errors = 0;
  followEventStream({
    url: () => server.url,
    onEvent: () => undefined,
    onRefused: (status) => {
      refusals.push(status);
      return status === 401 ? "stop" : undefined;
    },
    onError: () => errors++,
    minDelayMs: 10,
  });
  try {
    await until(() => refusals.length >= 2, "the second refusal");
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(refusals, [503, 401]);
    assert.equal(errors, 1);
  } finally {
    await server.close();
  }
});

test("a connection silent for idleMs is replaced; aborting the signal stops following", async () => {
  let connections = 0;
  const server = await serve((_req, res) => {
    connections++;
    open(res);
    res.write(": hello\n\n"); // then nothing, with the socket left open
  });
  const controller = new AbortController();
  followEventStream({
    url: () => server.url,
    onEvent: () => undefined,
    idleMs: 100,
    minDelayMs: 10,
    signal: controller.signal,
  });
  try {
    await until(() => connections >= 3, "reconnections after silence");
    controller.abort();
    const after = connections;
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(connections <= after + 1, `${connections - after} connections after abort`);
  } finally {
    controller.abort();
    await server.close();
  }
});
