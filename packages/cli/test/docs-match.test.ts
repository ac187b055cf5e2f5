import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import type { Command } from "commander";
import { buildProgram } from "../src/main.ts";

/** The README is a promise: every variable it documents is read by the code, every flag exists. */
const root = resolve(import.meta.dirname, "..", "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist" || name === "test" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.(ts|tsx|mjs)$/.test(name)) out.push(readFileSync(path, "utf8"));
  }
  return out;
}
const code = sources(join(root, "packages")).join("\n");

/** Section of the README between a heading and the next heading of the same level. */
function section(heading: string): string {
  const start = readme.indexOf(`## ${heading}`);
  assert.notEqual(start, -1, `README has a "${heading}" section`);
  const end = readme.indexOf("\n## ", start + 3);
  return readme.slice(start, end === -1 ? undefined : end);
}

/** What `tollgate <words> --help` prints, read from the program itself rather than a subprocess. */
function helpOf(words: string[]): string {
  let command: Command = buildProgram();
  for (const word of words) {
    const sub = command.commands.find((c) => c.name() === word);
    assert.ok(sub, `tollgate has a command "${words.join(" ")}"`);
    command = sub;
  }
  let text = "";
  command.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  command.outputHelp();
  return text;
}

describe("README matches behaviour", () => {
  it("every variable in the configuration table is read by the code", () => {
    const table = section("Configuration");
    const names = [
      ...new Set([...table.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`/g)].map((m) => m[1] as string)),
    ];
    assert.ok(names.length >= 10, `found the variables (${names.join(", ")})`);
    const unread = names.filter((n) => !new RegExp(`(env\\.${n}\\b|\\["${n}"\\]|"${n}"|${n}:)`).test(code));
    assert.deepEqual(unread, [], "documented but never read");
  });

  it("every flag the command list names is in that command's --help", () => {
    const block = /## The `tollgate` command\s+```\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(block, "the command list is in the README");
    const missing: string[] = [];
    for (const line of block.split("\n").filter((l) => l.startsWith("tollgate "))) {
      const usage = line.split(/\s{2,}/)[0] ?? "";
      const words = usage
        .split(" ")
        .slice(1)
        .filter((w) => /^[a-z-]+$/.test(w));
      const help = helpOf(words);
      for (const m of line.matchAll(/(--[a-z][a-z-]*)/g)) {
        if (!help.includes(m[1] as string)) missing.push(`tollgate ${words.join(" ")} ${m[1]}`);
      }
    }
    assert.deepEqual(missing, [], "documented flags the command does not have");
  });

  it("the app's --help documents its variables", () => {
    const help = helpOf(["app"]);
    for (const name of [
      "COGNITO_USER_POOL_ID",
      "PERMIT_PDP_URL",
      "TOLLGATE_CHANGES_URL",
      "APP_DATABASE_URL",
    ]) {
      assert.match(help, new RegExp(name));
    }
  });
});
