/**
 * The engine's integer layout at its edges: more roles than one bitset word holds, roles deleted
 * and created again (their ids come back), users with more tenants than a key slot holds, users
 * deleted and their ids reused, and the key index under deletions.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PolicyEngine } from "../src/index.ts";
import { KeyedMap, KeyIndex } from "../src/key-index.ts";
import { UserTable } from "../src/user-table.ts";

function engineWithRoles(count: number): PolicyEngine {
  const engine = new PolicyEngine();
  engine.upsertResource({
    key: "doc",
    name: "Doc",
    actions: Object.fromEntries(Array.from({ length: count }, (_, i) => [`a${i}`, {}])),
  });
  // Role r<i> grants only doc:a<i>, so each check names exactly one role.
  engine.upsertRoles(
    Array.from({ length: count }, (_, i) => ({
      key: `r${i}`,
      name: `R${i}`,
      permissions: [`doc:a${i}`],
      extends: [],
    })),
  );
  return engine;
}

const check = (engine: PolicyEngine, user: string, action: string, tenant = "default") =>
  engine.check({ user, action, resource: { type: "doc", tenant } });

describe("compact layout", () => {
  it("grants through roles beyond the first 32 (several bitset words)", () => {
    const engine = engineWithRoles(100);
    engine.upsertUser({ key: "u" });
    for (const i of [0, 31, 32, 63, 64, 99]) engine.assign({ user: "u", role: `r${i}`, tenant: "default" });
    for (let i = 0; i < 100; i++) {
      const d = check(engine, "u", `a${i}`);
      const held = [0, 31, 32, 63, 64, 99].includes(i);
      assert.equal(d.allow, held, `a${i}`);
      if (held) assert.equal(d.grantedBy, `r${i}`);
      else assert.equal(d.reason, "no_permission");
    }
  });

  it("names the first role assigned when several grant, as before", () => {
    const engine = engineWithRoles(40);
    engine.upsertRoles([{ key: "both", name: "Both", permissions: ["doc:a35"], extends: ["r35"] }]);
    engine.upsertUser({ key: "u" });
    engine.assign({ user: "u", role: "both", tenant: "default" });
    engine.assign({ user: "u", role: "r35", tenant: "default" });
    assert.equal(check(engine, "u", "a35").grantedBy, "both");
    engine.unassign({ user: "u", role: "both", tenant: "default" });
    assert.equal(check(engine, "u", "a35").grantedBy, "r35");
  });

  it("a role deleted and created again grants again only once assigned again", () => {
    const engine = engineWithRoles(40);
    engine.upsertUser({ key: "u" });
    engine.assign({ user: "u", role: "r33", tenant: "default" });
    assert.equal(check(engine, "u", "a33").allow, true);
    engine.removeRole("r33");
    assert.equal(check(engine, "u", "a33").reason, "no_role_in_tenant");
    assert.equal(engine.rolesOf("u", "default").size, 0);
    engine.upsertRoles([{ key: "r33", name: "R33", permissions: ["doc:a33"], extends: [] }]);
    assert.equal(check(engine, "u", "a33").allow, false);
    engine.assign({ user: "u", role: "r33", tenant: "default" });
    assert.deepEqual(check(engine, "u", "a33"), {
      allow: true,
      reason: "allowed",
      tenant: "default",
      grantedBy: "r33",
    });
  });

  it("keeps a user's roles in many tenants, in order, past the block into the overflow", () => {
    const engine = engineWithRoles(3);
    const tenants = Array.from({ length: 12 }, (_, i) => `t${i}`);
    for (const key of tenants) engine.upsertTenant({ key, name: key });
    engine.upsertUser({ key: "u" });
    engine.upsertUser({ key: "next" });
    engine.assign({ user: "next", role: "r2", tenant: "t0" });
    for (const [i, t] of tenants.entries()) engine.assign({ user: "u", role: `r${i % 3}`, tenant: t });
    // A second role in an early tenant goes beside that tenant's first, not at the end.
    engine.assign({ user: "u", role: "r2", tenant: "t1" });
    assert.deepEqual([...engine.assignmentsOf("u").keys()], tenants);
    assert.deepEqual([...engine.rolesOf("u", "t1")], ["r1", "r2"]);
    for (const [i, t] of tenants.entries()) {
      assert.equal(check(engine, "u", `a${i % 3}`, t).allow, true, t);
      assert.equal(check(engine, "u", `a${(i + 1) % 3}`, t).allow, t === "t0" ? false : t === "t1", t);
    }
    assert.equal(engine.stats().roleAssignments, 14);
    // The neighbour's block is untouched by the overflow.
    assert.deepEqual([...engine.assignmentsOf("next")], [["t0", new Set(["r2"])]]);
    for (const t of tenants.slice(0, 10)) engine.removeTenant(t);
    assert.deepEqual([...engine.assignmentsOf("u").keys()], ["t10", "t11"]);
    assert.equal(check(engine, "u", "a1", "t10").allow, true);
    assert.equal(check(engine, "u", "a1", "t1").reason, "no_such_tenant");
    assert.equal(engine.stats().roleAssignments, 2);
  });

  it("a deleted user's id is reused without their roles", () => {
    const engine = engineWithRoles(2);
    engine.upsertTenant({ key: "acme", name: "Acme" });
    engine.upsertUser({ key: "gone", attributes: { x: 1 } });
    engine.assign({ user: "gone", role: "r0", tenant: "acme" });
    engine.removeUser("gone");
    assert.equal(check(engine, "gone", "a0", "acme").reason, "user_not_synced");
    engine.upsertUser({ key: "fresh" });
    assert.equal(check(engine, "fresh", "a0", "acme").reason, "no_role_in_tenant");
    assert.deepEqual(Object.keys(engine.authorizedUsers("a0", { type: "doc", tenant: "acme" }).users), []);
    engine.assign({ user: "fresh", role: "r0", tenant: "acme" });
    assert.deepEqual(Object.keys(engine.authorizedUsers("a0", { type: "doc", tenant: "acme" }).users), [
      "fresh",
    ]);
    engine.upsertUser({ key: "gone" });
    assert.equal(check(engine, "gone", "a0", "acme").reason, "no_role_in_tenant");
    assert.equal(engine.stats().users, 2);
  });

  it("an assignment in a tenant that does not exist yet counts once it does", () => {
    const engine = engineWithRoles(1);
    engine.upsertUser({ key: "u" });
    engine.assign({ user: "u", role: "r0", tenant: "later" });
    assert.equal(check(engine, "u", "a0", "later").reason, "no_such_tenant");
    engine.upsertTenant({ key: "later", name: "Later" });
    assert.equal(check(engine, "u", "a0", "later").allow, true);
  });
});

describe("KeyIndex", () => {
  it("finds fresh copies of keys, forgets deleted ones and keeps the rest findable", () => {
    const keys: (string | undefined)[] = [];
    const index = new KeyIndex(keys);
    const n = 5000;
    for (let i = 0; i < n; i++) {
      keys.push(`user-${i}`);
      index.add(`user-${i}`, i);
    }
    // Delete every third key: backward shifts must keep every other key reachable.
    for (let i = 0; i < n; i += 3) {
      assert.equal(index.delete(JSON.parse(`"user-${i}"`)), true);
      keys[i] = undefined;
    }
    assert.equal(index.delete("user-0"), false);
    for (let i = 0; i < n; i++) {
      const fresh = JSON.parse(JSON.stringify(`user-${i}`)) as string;
      assert.equal(index.get(fresh), i % 3 === 0 ? undefined : i, fresh);
    }
    assert.equal(index.get("nobody"), undefined);
    assert.equal(index.size, n - Math.ceil(n / 3));
  });
});

describe("KeyIndex keys of every shape", () => {
  it("finds inline, too-long and non-Latin-1 keys by fresh copies, and no near miss", () => {
    const keys: (string | undefined)[] = [];
    const index = new KeyIndex(keys, 19);
    assert.equal(index.inline, 36);
    const shapes = [
      "",
      "a",
      "0b3c5a1e-7f2d-4c8b-9a6e-1d2f3a4b5c6d", // a Cognito sub: 36 characters, the most inline
      "0b3c5a1e-7f2d-4c8b-9a6e-1d2f3a4b5c6d7", // one more: compared against `keys`
      "mia.weißmüller@example.com", // Latin-1 beyond ASCII stays inline
      "用户-1", // wider than Latin-1
      "😀", // a surrogate pair
      "x".repeat(300), // longer than a length byte counts
      "y".repeat(255), // as long as the "not inline" mark: must not be read as inline
    ];
    for (const [id, key] of shapes.entries()) {
      keys.push(key);
      index.add(key, id);
    }
    for (const [id, key] of shapes.entries()) {
      assert.equal(index.get(JSON.parse(JSON.stringify(key)) as string), id, key);
    }
    // Same length and a shared prefix, or a wide character whose low byte equals a stored one.
    for (const miss of [
      "b",
      "0b3c5a1e-7f2d-4c8b-9a6e-1d2f3a4b5c6e",
      "用户-2",
      "\u0161",
      "x".repeat(299),
      "z".repeat(255),
    ])
      assert.equal(index.get(miss), undefined, miss);
  });
});

describe("UserTable pairs in the key slot", () => {
  it("keeps every user's pairs through other users' deletions, growth and the overflow", () => {
    const table = new UserTable();
    const n = 3000;
    const expected = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const id = table.add(`user-${i}`, undefined);
      // 0–5 pairs: up to three fit the slot; more, or a role id past 16 bits, go to the overflow.
      const pairs: number[] = [];
      for (let k = 0; k < i % 6; k++) pairs.push(i + k, i % 7 === 0 ? 70_000 + k : k);
      table.setPairs(id, pairs);
      expected.set(id, pairs);
    }
    // Deleting shifts later slots back; each moved slot must take its pairs along.
    for (let i = 0; i < n; i += 4) {
      const id = table.idOf(`user-${i}`)!;
      table.remove(id);
      expected.delete(id);
    }
    for (const [id, pairs] of expected) {
      assert.deepEqual(table.pairs(id), pairs, `user ${id}`);
      const key = table.keys[id]!;
      const slot = table.slotOf(JSON.parse(JSON.stringify(key)) as string);
      assert.equal(table.idAt(slot), id);
      if (pairs.length > 0) {
        const [tenant, role] = [pairs[0]!, pairs[1]!];
        const granting = new Int32Array((role >>> 5) + 1);
        granting[role >>> 5] = 1 << (role & 31);
        assert.equal(table.firstGrantingAt(slot, tenant, granting), role);
        assert.equal(table.isMemberAt(slot, tenant), true);
        assert.equal(table.firstGrantingAt(slot, -5, granting), -1);
      }
    }
    assert.equal(
      table.assignments,
      [...expected.values()].reduce((sum, p) => sum + p.length / 2, 0),
    );
  });
});

describe("KeyedMap", () => {
  it("replaces, deletes and reuses slots without losing or resurrecting entries", () => {
    const map = new KeyedMap<number>();
    for (let i = 0; i < 100; i++) map.set(`k${i}`, i);
    map.set("k5", 500);
    for (let i = 0; i < 100; i += 2) assert.equal(map.delete(`k${i}`), true);
    assert.equal(map.delete("k0"), false);
    map.set("new", -1);
    assert.equal(map.size, 51);
    assert.equal(map.get("k5"), 500);
    assert.equal(map.get("k4"), undefined);
    assert.equal(map.get(JSON.parse('"new"')), -1);
    assert.deepEqual(
      [...map.values()].sort((a, b) => a - b),
      [-1, ...Array.from({ length: 50 }, (_, i) => 2 * i + 1).map((v) => (v === 5 ? 500 : v))].sort(
        (a, b) => a - b,
      ),
    );
  });
});
