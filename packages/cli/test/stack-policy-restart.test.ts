// Issue 9, item 7: `npm start` re-applied policy/tutorial.json on every start, so a permission revoked
// in the console came back after a restart. The file is now applied on a fresh data directory, or when
// it changed since it was last applied, and the start says which.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { POLICY_FILE, startTestStack } from "@tollgate/testkit/stack";
import { POLICY_STATE_FILE } from "../src/stack/policy-at-start.ts";

const dataDir = mkdtempSync(join(tmpdir(), "tollgate-restart-"));
const policyFile = join(dataDir, "..", `${dataDir.split("/").pop()}-policy.json`);
copyFileSync(POLICY_FILE, policyFile);
after(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(policyFile, { force: true });
});

async function start() {
  const lines: string[] = [];
  const s = await startTestStack({ dataDir, policyFile, log: (line) => lines.push(line) });
  return { s, log: lines.join("\n") };
}
const permissionsOf = async (s: Awaited<ReturnType<typeof start>>["s"], role: string) =>
  ((await s.permit.api.roles.get(role)).permissions ?? []).slice().sort();

test("a revoked permission stays revoked across restarts; a changed file is applied and named", async () => {
  // Fresh data directory: the file is applied, and the start says so.
  let { s, log } = await start();
  assert.match(log, /applied \d+ change\(s\) from .* \(a fresh data directory\)/);
  assert.ok((await permissionsOf(s, "editor")).includes("task:delete"));
  assert.equal(statSync(join(dataDir, POLICY_STATE_FILE)).mode & 0o777, 0o600);
  // The operator revokes a permission (as the console or `policy apply` would).
  await s.permit.api.roles.removePermissions("editor", ["task:delete"]);
  await s.stop();

  // Restart with the same file: nothing is re-applied, and the start says why.
  ({ s, log } = await start());
  assert.match(log, /unchanged since it was applied/);
  assert.ok(
    !(await permissionsOf(s, "editor")).includes("task:delete"),
    "the revocation survives the restart",
  );
  await s.stop();

  // The file changes: it is applied as `policy apply` would (bringing back what it grants, the revoked
  // permission included), and each change is named in the start's output.
  const doc = JSON.parse(readFileSync(policyFile, "utf8"));
  doc.roles.find((r: { key: string }) => r.key === "viewer").permissions.push("task:check");
  writeFileSync(policyFile, JSON.stringify(doc, null, 2));
  ({ s, log } = await start());
  assert.match(log, /applied 2 change\(s\) from .* \(the file changed since it was last applied\)/);
  assert.match(log, /\+ viewer: task:check/);
  assert.match(log, /\+ editor: task:delete/);
  assert.ok((await permissionsOf(s, "viewer")).includes("task:check"));
  await s.stop();
});

test("data from a version without the record: the live policy is adopted, not overwritten", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tollgate-upgrade-"));
  try {
    let s = await startTestStack({ dataDir: dir, policyFile });
    await s.permit.api.roles.removePermissions("editor", ["task:delete"]);
    await s.stop();
    rmSync(join(dir, POLICY_STATE_FILE)); // what an older version left: policy, but no record
    const lines: string[] = [];
    s = await startTestStack({ dataDir: dir, policyFile, log: (l) => lines.push(l) });
    assert.match(lines.join("\n"), /keeping the existing live policy/);
    assert.ok(!((await s.permit.api.roles.get("editor")).permissions ?? []).includes("task:delete"));
    await s.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
