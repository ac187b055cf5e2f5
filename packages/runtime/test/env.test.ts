// Every service reads its environment through these: a bad value is a ConfigError naming the variable.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ConfigError,
  envBoolean,
  envEnum,
  envHost,
  envInteger,
  envPort,
  envRequired,
  envString,
  envUrl,
} from "../src/index.ts";

function rejects(fn: () => unknown, variable: string, value: string): void {
  assert.throws(
    fn,
    (err: unknown) =>
      err instanceof ConfigError &&
      err.variable === variable &&
      err.message.startsWith(`${variable} `) &&
      err.message.includes(`'${value}'`),
    `${variable}=${value}`,
  );
}

test("unset and empty variables give the fallback", () => {
  const env = { EMPTY: "" };
  assert.equal(envPort(env, "EMPTY", 3000), 3000);
  assert.equal(envPort({}, "P", 7766), 7766);
  assert.equal(envHost(env, "EMPTY", "127.0.0.1"), "127.0.0.1");
  assert.equal(envUrl(env, "EMPTY"), undefined);
  assert.equal(envUrl(env, "EMPTY", {}, "http://localhost:7766"), "http://localhost:7766");
  assert.equal(envInteger(env, "EMPTY", { min: 1, max: 9 }), undefined);
  assert.equal(envEnum(env, "EMPTY", ["a", "b"], "b"), "b");
  assert.equal(envBoolean(env, "EMPTY", true), true);
  assert.equal(envString(env, "EMPTY"), undefined);
  assert.equal(envString(env, "EMPTY", "x"), "x");
});

test("ports: whole numbers from 0 to 65535 only", () => {
  assert.equal(envPort({ P: "0" }, "P", 1), 0);
  assert.equal(envPort({ P: "65535" }, "P", 1), 65535);
  for (const bad of ["65536", "-1", "80.5", "3000abc", "0x50", "1e3", " ", "port"])
    rejects(() => envPort({ P: bad }, "P", 1), "P", bad);
});

test("integers honour their range and unit", () => {
  assert.equal(envInteger({ N: "750" }, "N", { min: 1, max: 60_000 }), 750);
  assert.throws(
    () => envInteger({ N: "0" }, "N", { min: 1, max: 60_000, unit: "milliseconds" }),
    /^ConfigError: N must be milliseconds from 1 to 60000, got '0'$/,
  );
  for (const bad of ["60001", "2s", "1.5", "", "9007199254740993"]) {
    if (bad === "") continue;
    rejects(() => envInteger({ N: bad }, "N", { min: 1, max: 60_000 }), "N", bad);
  }
});

test("hosts: names and addresses, not URLs", () => {
  for (const good of ["127.0.0.1", "0.0.0.0", "localhost", "::", "::1", "app.internal", "fe80::1"])
    assert.equal(envHost({ H: good }, "H", "x"), good);
  for (const bad of ["http://0.0.0.0", "0.0.0.0:3000", "host/path", "a b", "-bad"])
    rejects(() => envHost({ H: bad }, "H", "x"), "H", bad);
});

test("URLs: absolute, of the allowed schemes, kept as given", () => {
  assert.equal(envUrl({ U: "http://localhost:7766/" }, "U"), "http://localhost:7766/");
  assert.equal(
    envUrl({ U: "postgres://u@h/db" }, "U", { protocols: ["postgres", "postgresql"] }),
    "postgres://u@h/db",
  );
  for (const bad of ["localhost:7766", "/relative", "ftp://x", "javascript:alert(1)"])
    rejects(() => envUrl({ U: bad }, "U"), "U", bad);
  rejects(() => envUrl({ U: "mysql://h/db" }, "U", { protocols: ["postgres"] }), "U", "mysql://h/db");
});

test("enums and booleans", () => {
  assert.equal(envEnum({ L: "debug" }, "L", ["info", "debug"] as const, "info"), "debug");
  rejects(() => envEnum({ L: "loud" }, "L", ["info", "debug"], "info"), "L", "loud");
  for (const yes of ["1", "true", "TRUE", "yes", "on"])
    assert.equal(envBoolean({ B: yes }, "B", false), true);
  for (const no of ["0", "false", "No", "off"]) assert.equal(envBoolean({ B: no }, "B", true), false);
  rejects(() => envBoolean({ B: "maybe" }, "B", true), "B", "maybe");
});

test("a required variable that is unset names itself and says what it is", () => {
  assert.equal(envRequired({ R: "v" }, "R", "the thing"), "v");
  assert.throws(
    () => envRequired({ R: "" }, "R", "the thing"),
    (err: unknown) =>
      err instanceof ConfigError && err.variable === "R" && err.message === "R is not set: the thing",
  );
});
