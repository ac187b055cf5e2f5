/**
 * A deliberately low-level HTTP client for the fuzz test. `fetch` normalises what we want to send
 * as is (`..` and `%2e%2e` segments, header bytes), so requests go out through `node:http` with the
 * request target verbatim, or, for bytes `node:http` refuses to write (control characters in
 * headers, spaces in the path, unknown methods), as raw bytes on a TCP socket.
 */
import http from "node:http";
import net from "node:net";

export interface FuzzRequest {
  /** Which part of the barrage this belongs to (for the per-category counts). */
  category: string;
  /** What the request tries, for failure reports. */
  label: string;
  method: string;
  /** The request target, sent byte for byte (latin1). */
  path: string;
  /** The Authorization header: `undefined` sends the valid key, `null` sends none. */
  auth?: string | null;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Content-Type for the body: defaults to application/json; `null` sends none. */
  contentType?: string | null;
  /** Send the body with chunked transfer encoding (no Content-Length). */
  chunked?: boolean;
  /** A whole raw HTTP/1.1 request; the fields above are then only for reporting. */
  raw?: Buffer;
  /** Statuses that count as the right answer. */
  expect: readonly number[];
  /** A PDP call whose 200 must be a denial (unknown user, resource, action or tenant). */
  denial?: boolean;
}

export interface FuzzResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Set when the exchange failed at the transport level (no response, or a hang). */
  error?: string;
}

export interface Target {
  host: string;
  port: number;
  apiKey: string;
}

const TIMEOUT_MS = 15_000;

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export function closeClient(): void {
  agent.destroy();
}

export function send(target: Target, req: FuzzRequest): Promise<FuzzResponse> {
  return req.raw ? sendRaw(target, req.raw) : sendHttp(target, req);
}

function sendHttp(target: Target, req: FuzzRequest): Promise<FuzzResponse> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {};
    if (req.auth === undefined) headers.authorization = `Bearer ${target.apiKey}`;
    else if (req.auth !== null) headers.authorization = req.auth;
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    if (body !== undefined) {
      if (req.contentType !== null) headers["content-type"] = req.contentType ?? "application/json";
      // Node only chunk-encodes some methods by default (not DELETE): ask for it explicitly.
      if (req.chunked) headers["transfer-encoding"] = "chunked";
      else headers["content-length"] = String(body.length);
    }
    Object.assign(headers, req.headers);
    const big = body !== undefined && body.length > 256 * 1024;
    let settled = false;
    const done = (res: FuzzResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(res);
    };
    const request = http.request(
      {
        host: target.host,
        port: target.port,
        method: req.method,
        path: req.path,
        headers,
        // A 413 can come back before the body is read; do not reuse such a socket.
        agent: big ? false : agent,
        setHost: true,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          done({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", (err) => done({ status: 0, headers: {}, text: "", error: err.message }));
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      done({ status: 0, headers: {}, text: "", error: `no response within ${TIMEOUT_MS} ms` });
    }, TIMEOUT_MS);
    // After a response has arrived, a reset while we were still writing is expected (413).
    request.on("error", (err) => done({ status: 0, headers: {}, text: "", error: err.message }));
    if (body !== undefined) {
      if (req.chunked) {
        for (let i = 0; i < body.length; i += 64 * 1024) request.write(body.subarray(i, i + 64 * 1024));
      } else request.write(body);
    }
    request.end();
  });
}

/** Sends raw bytes with `Connection: close` semantics and parses whatever comes back. */
function sendRaw(target: Target, raw: Buffer): Promise<FuzzResponse> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = net.connect(target.port, target.host);
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const parsed = parseRawResponse(Buffer.concat(chunks));
      if (parsed) resolve(parsed);
      else resolve({ status: 0, headers: {}, text: "", error: error ?? "no HTTP response" });
    };
    const timer = setTimeout(() => finish(`no response within ${TIMEOUT_MS} ms`), TIMEOUT_MS);
    socket.on("connect", () => socket.write(raw));
    socket.on("data", (c: Buffer) => {
      chunks.push(c);
      // Stop as soon as one full response is in (the server may keep the socket open).
      if (parseRawResponse(Buffer.concat(chunks))?.complete) finish();
    });
    socket.on("end", () => finish());
    socket.on("close", () => finish());
    socket.on("error", (err) => finish(err.message));
  });
}

function parseRawResponse(buf: Buffer): (FuzzResponse & { complete: boolean }) | undefined {
  const end = buf.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const head = buf.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? "")?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = buf.subarray(end + 4);
  let complete = false;
  if (headers["transfer-encoding"]?.includes("chunked")) {
    const out: Buffer[] = [];
    let at = 0;
    for (;;) {
      const lineEnd = body.indexOf("\r\n", at);
      if (lineEnd < 0) break;
      const size = Number.parseInt(body.subarray(at, lineEnd).toString("latin1"), 16);
      if (!Number.isFinite(size)) break;
      if (size === 0) {
        complete = true;
        break;
      }
      out.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    body = Buffer.concat(out);
  } else if (headers["content-length"] !== undefined) {
    const length = Number(headers["content-length"]);
    complete = body.length >= length;
    body = body.subarray(0, length);
  }
  return { status, headers, text: body.toString("utf8"), complete };
}
