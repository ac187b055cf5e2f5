import type { LoadRequest } from "../../lib/load-spec.ts";
import type { CheckSample } from "../samples.ts";
import type { PdpTarget } from "../target.ts";

/** `POST /allowed` as the Permit SDK sends it: user key, action, resource type and tenant. */
function toRequest(sample: CheckSample, apiKey: string): LoadRequest {
  return {
    method: "POST",
    path: "/allowed",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({
      user: { key: sample.user },
      action: sample.action,
      resource: { type: sample.type, tenant: sample.tenant },
    }),
  };
}

export function tollgateTarget(
  server: { url: string; apiKey: string; pid: number | undefined },
  samples: readonly CheckSample[],
): PdpTarget {
  return {
    name: "Tollgate /allowed",
    url: server.url,
    pid: server.pid,
    requests: samples.map((s) => toRequest(s, server.apiKey)),
    readAllow: (body) => (body as { allow?: unknown }).allow === true,
  };
}
