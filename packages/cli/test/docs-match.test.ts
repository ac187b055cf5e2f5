import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { ConfigError } from "@tollgate/runtime";
import type { Command } from "commander";
import { APP_FLAGS } from "../src/commands/app.ts";
import { AUTHZ_FLAGS } from "../src/commands/authz.ts";
import { DEV_FLAGS } from "../src/commands/dev.ts";
import { USER_POOL_FLAGS } from "../src/commands/user-pool.ts";
import type { FlagVariables } from "../src/flags.ts";
import { envWithFlags } from "../src/flags.ts";
import { buildProgram } from "../src/main.ts";
import { BEHAVIOUR } from "./documented-variables.ts";

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

const poolReadme = readFileSync(join(root, "packages", "user-pool", "README.md"), "utf8");

/** Section of a README between a heading and the next heading of the same level. */
function section(heading: string, text = readme): string {
  const start = text.indexOf(`## ${heading}`);
  assert.notEqual(start, -1, `README has a "${heading}" section`);
  const end = text.indexOf("\n## ", start + 3);
  return text.slice(start, end === -1 ? undefined : end);
}

/** The names of environment variables a text mentions (upper case with an underscore). */
function variablesIn(text: string): string[] {
  return [...new Set([...text.matchAll(/\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b/g)].map((m) => m[1] as string))];
}

/** The service commands, their flags' variables, and flags that stand for no variable. */
const SERVICE_COMMANDS: { name: string; flags: FlagVariables; notVariables?: string[] }[] = [
  { name: "authz", flags: AUTHZ_FLAGS },
  { name: "user-pool", flags: USER_POOL_FLAGS },
  { name: "app", flags: APP_FLAGS },
  // The policy file is the stack's own input, not a service's setting.
  { name: "dev", flags: DEV_FLAGS, notVariables: ["policy"] },
];

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

  it("every variable the READMEs and the service commands' --help document behaves as documented", () => {
    const documented = new Map<string, string>();
    const note = (where: string, text: string) => {
      for (const name of variablesIn(text)) if (!documented.has(name)) documented.set(name, where);
    };
    note("README Configuration", section("Configuration"));
    note("README Running against real AWS", section("Running against real AWS Cognito and Permit.io"));
    note("README The tollgate command", section("The `tollgate` command"));
    note("user-pool README Configuration", section("Configuration", poolReadme));
    for (const { name } of SERVICE_COMMANDS) note(`tollgate ${name} --help`, helpOf([name]));
    assert.ok(documented.size >= 35, `found the variables (${[...documented.keys()].join(", ")})`);

    const unchecked = [...documented]
      .filter(([name]) => !BEHAVIOUR[name])
      .map(([n, where]) => `${n} (${where})`);
    assert.deepEqual(
      unchecked,
      [],
      "documented variables with no behaviour check in documented-variables.ts",
    );

    const wrong: string[] = [];
    for (const [name, rows] of Object.entries(BEHAVIOUR)) {
      assert.ok(documented.has(name), `${name} is checked but documented nowhere`);
      for (const row of rows) {
        const got = row.read(row.parse({ ...row.with, [name]: row.set }));
        try {
          assert.deepEqual(got, row.expect);
        } catch {
          wrong.push(
            `${name}=${row.set} gave ${JSON.stringify(got)}, expected ${JSON.stringify(row.expect)}`,
          );
        }
        if (row.invalid === undefined) continue;
        try {
          row.parse({ ...row.with, [name]: row.invalid });
          wrong.push(`${name}=${row.invalid} was accepted`);
        } catch (err) {
          if (!(err instanceof ConfigError) || err.variable !== name || !err.message.startsWith(name))
            wrong.push(`${name}=${row.invalid} failed without naming the variable: ${String(err)}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  it("every flag of the service commands sets its variable, says so in --help, and behaves like it", async () => {
    const wrong: string[] = [];
    for (const { name, flags, notVariables = [] } of SERVICE_COMMANDS) {
      const program = buildProgram().exitOverride();
      const command = program.commands.find((c) => c.name() === name)!;
      let given: Record<string, unknown> = {};
      command.action((opts: Record<string, unknown>) => {
        given = opts;
      });
      for (const option of command.options) {
        const attribute = option.attributeName();
        if (notVariables.includes(attribute)) continue;
        const variable = (flags as Record<string, string>)[attribute];
        if (variable === undefined) {
          wrong.push(`tollgate ${name} ${option.long}: no variable`);
          continue;
        }
        if (!option.description.includes(`env ${variable}`))
          wrong.push(`tollgate ${name} ${option.long}: --help does not say "env ${variable}"`);
        const row = BEHAVIOUR[variable]?.[0];
        if (row === undefined) {
          wrong.push(`tollgate ${name} ${option.long}: ${variable} has no behaviour check`);
          continue;
        }
        given = {};
        await program.parseAsync([name, option.long!, row.set], { from: "user" });
        const got = row.read(
          row.parse({ ...row.with, ...(envWithFlags({}, flags, given) as Record<string, string>) }),
        );
        try {
          assert.deepEqual(got, row.expect);
        } catch {
          wrong.push(`tollgate ${name} ${option.long} ${row.set} gave ${JSON.stringify(got)}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });
});
