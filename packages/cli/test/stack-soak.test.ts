// Issue 9, item 6: with the machine busy, management writes failed with "database is locked" while the
// audit writer committed. Here management writes through the authz API, audited decisions and
// user-pool sign-ins run at the same time while CPU-burning processes load the machine; every write
// must succeed and be there afterwards. Bounded in count; no timing is asserted.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startTestStack, type TestStack } from "@tollgate/testkit/stack";
import { DEMO_USERS } from "../src/stack/local-seed.ts";

const WRITERS = 4;
const USERS_PER_WRITER = 30;
// Decisions go in bulk so the audit writer (its own thread and connection) commits large batches
// nearly all the time, as it does on a busy PDP.
const BULK_CALLS = 120;
const CHECKS_PER_CALL = 200;
const DECISIONS = BULK_CALLS * CHECKS_PER_CALL;
const SIGN_INS = 24;

let stack: TestStack;
const burners: ChildProcess[] = [];

before(async () => {
  stack = await startTestStack();
  // Two busy loops on a 2-core machine (bounded: they exit on their own after two minutes).
  for (let i = 0; i < 2; i++)
    burners.push(
      spawn(process.execPath, ["-e", "const end = Date.now() + 120000; while (Date.now() < end) {}"], {
        stdio: "ignore",
      }),
    );
});

after(async () => {
  for (const burner of burners) burner.kill();
  await stack?.stop();
});

test("writes, audited decisions and sign-ins at once on a loaded machine: 0 failed, nothing lost", {
  timeout: 300_000,
}, async () => {
  const failures: string[] = [];
  const fail = (what: string) => (err: unknown) => {
    failures.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  };
  const key = (w: number, i: number) => `soak-${w}-${i}`;

  const management = Array.from({ length: WRITERS }, async (_, w) => {
    for (let i = 0; i < USERS_PER_WRITER; i++) {
      const user = key(w, i);
      // Each is a read-then-write transaction in authz (the kind that failed).
      await stack.permit.api.users
        .sync({ key: user, email: `${user}@example.com`, first_name: "Soak" })
        .catch(fail(`sync ${user}`));
      await stack.permit.api.users
        .assignRole({ user, role: "viewer", tenant: "default" })
        .catch(fail(`assign ${user}`));
    }
  });

  let calls = 0;
  const checks = Array.from({ length: CHECKS_PER_CALL }, (_, i) => ({
    user: DEMO_USERS[i % 3]!.email,
    action: "get",
    resource: "task",
  }));
  const decisions = Array.from({ length: 3 }, async () => {
    while (calls < BULK_CALLS) {
      calls++;
      await stack.permit.bulkCheck(checks).catch(fail("bulk check"));
    }
  });

  const signIns = (async () => {
    for (let i = 0; i < SIGN_INS; i++)
      await stack.accessToken(DEMO_USERS[i % 3]!.email).catch(fail("sign-in"));
  })();

  await Promise.all([...management, ...decisions, signIns]);
  assert.deepEqual(failures, []);

  // Nothing lost: every user and every role assignment written is there.
  for (let w = 0; w < WRITERS; w++)
    for (let i = 0; i < USERS_PER_WRITER; i++) {
      const roles = await stack.permit.api.users.getAssignedRoles({ user: key(w, i), tenant: "default" });
      assert.deepEqual(
        roles.map((r) => r.role),
        ["viewer"],
        `${key(w, i)} keeps its role`,
      );
    }
  // Every decision reached the audit log.
  const audited = await stack.authz.service.audit.query({
    action: "get",
    resource: "task",
    page: 1,
    perPage: 1,
  });
  assert.ok(audited.total_count >= DECISIONS, `audited ${audited.total_count} of ${DECISIONS} decisions`);
  // And the files the load wrote are the owner's only.
  assert.equal(statSync(stack.dataDir).mode & 0o777, 0o700);
  for (const name of ["authz.db", "authz.db-wal", "user-pool.db", "tasks.db"])
    assert.equal(statSync(join(stack.dataDir, name)).mode & 0o777, 0o600, name);
});
