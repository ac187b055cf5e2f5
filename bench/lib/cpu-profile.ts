import { readFileSync } from "node:fs";

/**
 * Reads a V8 `.cpuprofile` and says where the time went: self time per function, and time per area
 * (a package, a Node internal module, one of our source files), both inclusive of callees. Areas
 * are inclusive so that "fastify" or "audit-log.ts" answer "what did this layer cost in total".
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Share of samples where the server was idle (waiting for I/O). */
  idleShare: number;
  topSelf: { fn: string; where: string; selfPct: number }[];
  areas: { area: string; inclusivePct: number }[];
}

/** Where a frame comes from: `fastify`, `node:_http_server`, `@tollgate/authz src/http/routes/pdp.ts`, … */
export function areaOf(url: string, functionName: string): string {
  if (url === "") return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return url.replace(/^node:internal\//, "node:");
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1]!;
  const ours = /packages\/([^/]+)\/(src\/.*)$/.exec(url);
  if (ours) return `@tollgate/${ours[1]} ${ours[2]}`;
  return url.replace(/^file:\/\//, "");
}

function shortWhere(url: string, line: number): string {
  const file = url.replace(/^file:\/\/.*?(node_modules|packages)\//, "$1/");
  return file ? `${file}:${line + 1}` : "";
}

export function summariseProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<string, { fn: string; where: string; us: number }>();
  const areas = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i] ?? 0;
    const leaf = byId.get(profile.samples[i]!);
    if (!leaf) continue;
    totalUs += us;
    const { functionName, url, lineNumber } = leaf.callFrame;
    if (functionName === "(idle)") idleUs += us;
    const key = `${functionName}@${url}:${lineNumber}`;
    const entry = self.get(key) ?? {
      fn: functionName || "(anonymous)",
      where: shortWhere(url, lineNumber),
      us: 0,
    };
    entry.us += us;
    self.set(key, entry);
    // Each area on the stack counts once per sample, however deep it recurses.
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      if (frame.functionName === "(root)") continue;
      seen.add(areaOf(frame.url, frame.functionName));
    }
    for (const area of seen) areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const pct = (us: number) => Math.round((us / Math.max(1, totalUs)) * 1000) / 10;
  return {
    totalMs: Math.round(totalUs / 1000),
    idleShare: Math.round((idleUs / Math.max(1, totalUs)) * 1000) / 1000,
    topSelf: [...self.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((e) => ({ fn: e.fn, where: e.where, selfPct: pct(e.us) })),
    areas: [...areas.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([area, us]) => ({ area, inclusivePct: pct(us) })),
  };
}
