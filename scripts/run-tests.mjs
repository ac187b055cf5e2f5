#!/usr/bin/env node
// Runs every test file under packages/*/test (and any path given as an argument) with Node's own test
// runner and tsx. Node 20's --test cannot glob .ts files itself, so we collect them here.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

const args = process.argv.slice(2);
const roots =
  args.length > 0
    ? args.map((a) => resolve(a))
    : readdirSync(join(root, "packages")).map((p) => join(root, "packages", p, "test"));
const files = [];
for (const r of roots) {
  try {
    if (statSync(r).isDirectory()) collect(r, files);
    else files.push(r);
  } catch {
    // a package without tests
  }
}
files.sort();
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...files],
  {
    stdio: "inherit",
    cwd: root,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...process.env, NODE_ENV: "test" },
  },
);
process.exit(result.status ?? 1);
