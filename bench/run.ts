/**
 * `npm run bench`: runs each benchmark module in turn, prints its tables, and writes everything to
 * bench/results/<name>-<timestamp>.json and bench/results/latest.json.
 */
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { installCleanupHandlers } from "./lib/cleanup.ts";
import { writeResults } from "./lib/results.ts";
import { MODULES } from "./modules.ts";

const HELP = `Usage: npm run bench -- [options]

Options:
  --only <name>   run only this module (repeatable): ${MODULES.map((m) => m.name).join(", ")}
  --quick         shorter load tests and fewer repetitions (a smoke run, not for comparing)
  --profile       CPU-profile the Tollgate server during the PDP load and print where time goes
                  (the profiler slows the server: do not compare those numbers)
  --help          show this help

Results: bench/results/<name>-<timestamp>.json and bench/results/latest.json`;

function parse() {
  try {
    return parseArgs({
      options: {
        only: { type: "string", multiple: true },
        quick: { type: "boolean", default: false },
        profile: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
}

async function main(): Promise<number> {
  const args = parse();
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  const only = args.only ?? [];
  const unknown = only.filter((name) => !MODULES.some((m) => m.name === name));
  if (unknown.length > 0) {
    console.error(`unknown module(s): ${unknown.join(", ")}\n\n${HELP}`);
    return 2;
  }
  const selected = only.length > 0 ? MODULES.filter((m) => only.includes(m.name)) : MODULES;
  const options = { quick: args.quick, profile: args.profile };
  installCleanupHandlers();

  const startedAt = new Date();
  const machine = {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpus()[0]?.model ?? "unknown",
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    // Other work on the machine skews every number here; recorded so results can be judged.
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
  };
  console.log(
    `Tollgate bench — ${machine.node}, ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, load average ${machine.loadAverage1m}${options.quick ? " — QUICK run" : ""}${options.profile ? " — PROFILING" : ""}`,
  );
  if (machine.loadAverage1m > machine.cores / 2) {
    console.log("  (the machine is busy with other work: expect noisy, lower numbers)");
  }
  console.log("");

  const results: Record<string, unknown> = {};
  const failures: Record<string, string> = {};
  for (const module of selected) {
    console.log(`━━ ${module.name}: ${module.title} ━━\n`);
    const started = performance.now();
    try {
      const result = await module.run(options);
      results[module.name] = result;
      if ("skipped" in result) console.log(`  skipped: ${result.skipped}\n`);
    } catch (err) {
      failures[module.name] = (err as Error).stack ?? String(err);
      console.error(`  ${module.name} FAILED: ${(err as Error).stack ?? String(err)}\n`);
    }
    console.log(`  (${module.name} took ${Math.round((performance.now() - started) / 1000)} s)\n`);
  }

  const name = only.length > 0 ? only.join("+") : "all";
  const file = writeResults(fileURLToPath(new URL("./results/", import.meta.url)), name, startedAt, {
    name,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    options,
    machine,
    results,
    failures,
  });
  console.log(`Results written to ${file} (and bench/results/latest.json)`);
  return Object.keys(failures).length > 0 ? 1 : 0;
}

process.exitCode = await main();
