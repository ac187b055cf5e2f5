/**
 * Tollgate against a peer that does the same job, over HTTP, side by side in one run: Cerbos
 * answering the same ABAC question (a three-condition user set and resource set vs one resource
 * policy rule with the same six comparisons) and the same ReBAC-like question (document owner, or
 * editor of a folder two `parent` hops up, vs Cerbos derived roles over request attributes).
 *
 * Every request of both sides is first checked against the decision computed from the facts by
 * plain code (peer-dataset.ts); the mismatches are counted and reported, never assumed away. The
 * ratio is Tollgate's throughput over Cerbos's on the same question, same load, same pinning.
 *
 * Cerbos keeps no facts: its callers send the attributes and relationships Tollgate looks up
 * itself. That asymmetry is the products' design, and it is named in the output.
 */
import { pinningNote } from "../lib/child.ts";
import { runLoad } from "../lib/load.ts";
import type { LoadRequest, LoadResult } from "../lib/load-spec.ts";
import { cpuTimeMs } from "../lib/proc-cpu.ts";
import { round } from "../lib/stats.ts";
import { printTable } from "../lib/table.ts";
import { cerbosBinary } from "./cerbos/binary.ts";
import { writePeerPolicies } from "./cerbos/peer-policies.ts";
import { cerbosAbacRequests, cerbosRebacRequests, readCerbosAllow } from "./cerbos/peer-requests.ts";
import { startCerbos } from "./cerbos/server.ts";
import type { BenchOptions } from "./options.ts";
import { abacQuestions, buildPeerWorld, rebacQuestions } from "./peer-dataset.ts";
import {
  loadPeerWorld,
  readTollgateAllow,
  tollgateAbacRequests,
  tollgateRebacRequests,
} from "./peer-tollgate.ts";
import { startTollgate } from "./tollgate/server.ts";

const QUESTIONS = 1000;
const CONNECTIONS = 50;
const ROUNDS = 2;

interface Target {
  question: "abac" | "rebac";
  side: "Tollgate" | "Cerbos";
  url: string;
  pid: number | undefined;
  requests: LoadRequest[];
  expected: boolean[];
  readAllow(body: unknown): boolean;
}

interface Run extends LoadResult {
  serverCpuUsPerRequest: number | undefined;
}

/** Asks every request once, eight at a time; counts answers that differ from the expected decision. */
async function countMismatches(t: Target): Promise<{ mismatches: number; allows: number }> {
  let next = 0;
  let mismatches = 0;
  let allows = 0;
  const worker = async () => {
    while (next < t.requests.length) {
      const i = next++;
      const r = t.requests[i]!;
      const res = await fetch(`${t.url}${r.path}`, {
        method: r.method,
        headers: r.headers,
        body: r.body,
        signal: AbortSignal.timeout(10_000),
      });
      const allow = res.ok ? t.readAllow(await res.json()) : undefined;
      if (allow) allows++;
      if (allow !== t.expected[i]) mismatches++;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return { mismatches, allows };
}

async function load(t: Target, durationSec: number, warmupSec: number): Promise<Run> {
  process.stdout.write(
    `  ${t.side} ${t.question}: ${CONNECTIONS} connections, ${warmupSec} s + ${durationSec} s … `,
  );
  const before = cpuTimeMs(t.pid);
  const result = await runLoad({
    url: t.url,
    connections: CONNECTIONS,
    durationSec,
    warmupSec,
    requests: t.requests,
  });
  const after = cpuTimeMs(t.pid);
  const cpu =
    before === undefined || after === undefined
      ? undefined
      : ((after - before) * 1000) / (result.requests + result.warmupRequests);
  console.log(`${Math.round(result.requestsPerSec).toLocaleString("en-US")} req/s`);
  return { ...result, serverCpuUsPerRequest: cpu === undefined ? undefined : round(cpu, 1) };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export async function benchPeer(
  options: BenchOptions,
): Promise<Record<string, unknown> | { skipped: string }> {
  const binary = cerbosBinary();
  if (binary === undefined) return { skipped: "@cerbos/cerbos-linux-x64 is not installed" };
  console.log(`  ${pinningNote()}`);
  const world = buildPeerWorld(options.quick ? 1000 : 2000);
  const abac = abacQuestions(world, QUESTIONS);
  const rebac = rebacQuestions(world, QUESTIONS);

  const tollgate = await startTollgate();
  try {
    const loadStart = performance.now();
    await loadPeerWorld(tollgate.url, tollgate.apiKey, world);
    const loadMs = Math.round(performance.now() - loadStart);
    const cerbos = await startCerbos(binary, { policies: writePeerPolicies });
    try {
      const targets: Target[] = [
        {
          question: "abac",
          side: "Tollgate",
          url: tollgate.url,
          pid: tollgate.pid,
          requests: tollgateAbacRequests(tollgate.apiKey, abac),
          expected: abac.map((q) => q.expected),
          readAllow: readTollgateAllow,
        },
        {
          question: "abac",
          side: "Cerbos",
          url: cerbos.url,
          pid: cerbos.pid,
          requests: cerbosAbacRequests(abac),
          expected: abac.map((q) => q.expected),
          readAllow: (b) => readCerbosAllow(b, "read"),
        },
        {
          question: "rebac",
          side: "Tollgate",
          url: tollgate.url,
          pid: tollgate.pid,
          requests: tollgateRebacRequests(tollgate.apiKey, rebac),
          expected: rebac.map((q) => q.expected),
          readAllow: readTollgateAllow,
        },
        {
          question: "rebac",
          side: "Cerbos",
          url: cerbos.url,
          pid: cerbos.pid,
          requests: cerbosRebacRequests(rebac),
          expected: rebac.map((q) => q.expected),
          readAllow: (b) => readCerbosAllow(b, "edit"),
        },
      ];
      const checked: { side: string; question: string; mismatches: number; allows: number }[] = [];
      for (const t of targets) {
        const c = await countMismatches(t);
        console.log(
          `  ${t.side} ${t.question}: ${t.requests.length} distinct requests, ${c.allows} allowed, ${c.mismatches} wrong`,
        );
        checked.push({ side: t.side, question: t.question, ...c });
      }
      const durationSec = options.quick ? 3 : 10;
      const warmupSec = options.quick ? 1 : 3;
      // Interleaved rounds, so drift on a shared machine falls on both sides alike.
      const runs = new Map<Target, Run[]>(targets.map((t) => [t, []]));
      for (let round = 0; round < ROUNDS; round++)
        for (const t of targets) runs.get(t)!.push(await load(t, durationSec, warmupSec));

      const summary = (t: Target) => {
        const rs = runs.get(t)!;
        return {
          requestsPerSec: Math.round(mean(rs.map((r) => r.requestsPerSec))),
          p50Ms: round(mean(rs.map((r) => r.latencyMs.p50)), 2),
          p99Ms: round(mean(rs.map((r) => r.latencyMs.p99)), 2),
          serverCpuUsPerRequest: round(mean(rs.map((r) => r.serverCpuUsPerRequest ?? Number.NaN)), 1),
          failed: rs.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
        };
      };
      const comparison = (["abac", "rebac"] as const).map((question) => {
        const [ours, theirs] = (["Tollgate", "Cerbos"] as const).map(
          (side) => targets.find((t) => t.question === question && t.side === side)!,
        );
        const a = summary(ours!);
        const b = summary(theirs!);
        return {
          question,
          tollgate: a,
          cerbos: b,
          throughputRatio: round(a.requestsPerSec / b.requestsPerSec, 3),
          cpuPerRequestRatio: round(a.serverCpuUsPerRequest / b.serverCpuUsPerRequest, 3),
          mismatches: {
            tollgate: checked.find((c) => c.side === "Tollgate" && c.question === question)!.mismatches,
            cerbos: checked.find((c) => c.side === "Cerbos" && c.question === question)!.mismatches,
          },
        };
      });
      printTable(
        `Tollgate vs Cerbos on the same questions (${CONNECTIONS} connections, mean of ${ROUNDS} interleaved rounds)`,
        comparison.flatMap((c) => [
          {
            question: c.question,
            side: "Tollgate",
            "req/s": c.tollgate.requestsPerSec,
            "p50 ms": c.tollgate.p50Ms,
            "p99 ms": c.tollgate.p99Ms,
            "server CPU µs/req": c.tollgate.serverCpuUsPerRequest,
            wrong: c.mismatches.tollgate,
            failed: c.tollgate.failed,
          },
          {
            question: c.question,
            side: "Cerbos",
            "req/s": c.cerbos.requestsPerSec,
            "p50 ms": c.cerbos.p50Ms,
            "p99 ms": c.cerbos.p99Ms,
            "server CPU µs/req": c.cerbos.serverCpuUsPerRequest,
            wrong: c.mismatches.cerbos,
            failed: c.cerbos.failed,
          },
        ]),
      );
      printTable(
        "Ratio Tollgate / Cerbos (throughput > 1: Tollgate faster; CPU per request < 1: Tollgate cheaper)",
        comparison.map((c) => ({
          question: c.question,
          throughput: c.throughputRatio,
          "CPU per request": c.cpuPerRequestRatio,
        })),
      );
      console.log(
        "  Cerbos holds no facts: its requests carry the user's attributes (ABAC) and the document's owner and ancestor folders (ReBAC), which Tollgate looks up itself.\n" +
          `  Cerbos ran with GOMAXPROCS=${cerbos.gomaxprocs}.\n`,
      );
      return {
        pinning: pinningNote(),
        world: { users: world.users.length, documents: world.documents.length, tuples: world.tuples.length },
        tollgateLoadMs: loadMs,
        questionsPerKind: QUESTIONS,
        connections: CONNECTIONS,
        rounds: ROUNDS,
        durationSec,
        warmupSec,
        cerbosGomaxprocs: cerbos.gomaxprocs,
        verified: checked,
        comparison,
        runs: targets.map((t) => ({ side: t.side, question: t.question, runs: runs.get(t) })),
      };
    } finally {
      await cerbos.stop();
    }
  } finally {
    await tollgate.stop();
  }
}
