/**
 * Storage contract, part 3: text search. `%`, `_` and `\` in a search term match themselves, never
 * as wildcards or escapes; matching ignores ASCII case; users match on key, email and names,
 * tenants on key and name.
 */
import assert from "node:assert/strict";
import { before, it } from "node:test";
import * as assignments from "../../src/storage/role-assignments.ts";
import * as tenants from "../../src/storage/tenants.ts";
import * as users from "../../src/storage/users.ts";
import { forEachStore } from "./drivers.ts";
import { assignment, tenant, user } from "./records.ts";

const USERS: [key: string, email: string | null, first: string | null, last: string | null][] = [
  ["plain", "plain@example.com", "Ann", "Smith"],
  ["per%cent", null, null, null],
  ["under_score", null, null, null],
  ["underXscore", null, null, null],
  ["back\\slash", null, null, null],
  ["back\\\\double", null, null, null],
  ["quote's", null, null, null],
  ["mixed", "MiXeD@Example.COM", "Zoë", "O'Neil"],
  ["by-name", null, "Grace", "100% Hopper"],
];

const keysMatching = async (store: Parameters<typeof users.listUsers>[0], search: string) =>
  (await users.listUsers(store, { search, page: 1, perPage: 100 })).data.map((u) => u.key).sort();

forEachStore("storage contract: text search", ({ opened, skip }) => {
  before(async () => {
    if (skip) return;
    const { store } = opened();
    for (const [key, email, first_name, last_name] of USERS)
      await users.insertUser(store.db, user(key, { email, first_name, last_name }));
    for (const key of ["t%1", "t_2", "tx2", "t\\3"]) await tenants.insertTenant(store.db, tenant(key));
    await tenants.insertTenant(store.db, tenant("named", { name: "Fifty_Fifty" }));
    await assignments.insertAssignment(store.db, assignment("under_score", "viewer", "t_2"));
    await assignments.insertAssignment(store.db, assignment("underXscore", "viewer", "tx2"));
  });

  it("'%' and '_' match only themselves", { skip }, async () => {
    const { store } = opened();
    assert.deepEqual(await keysMatching(store, "%"), ["by-name", "per%cent"]);
    assert.deepEqual(await keysMatching(store, "_"), ["under_score"]);
    assert.deepEqual(await keysMatching(store, "under_"), ["under_score"]);
    assert.deepEqual(await keysMatching(store, "r%c"), ["per%cent"]);
    assert.deepEqual(await keysMatching(store, "%%"), []);
  });

  it("'\\' matches only itself, one for one", { skip }, async () => {
    const { store } = opened();
    assert.deepEqual(await keysMatching(store, "\\"), ["back\\\\double", "back\\slash"]);
    assert.deepEqual(await keysMatching(store, "\\\\"), ["back\\\\double"]);
    assert.deepEqual(await keysMatching(store, "k\\s"), ["back\\slash"]);
    assert.deepEqual(await keysMatching(store, "\\%"), []);
  });

  it("quotes are plain text, and ASCII case is ignored", { skip }, async () => {
    const { store } = opened();
    assert.deepEqual(await keysMatching(store, "'"), ["mixed", "quote's"]);
    assert.deepEqual(await keysMatching(store, "mixed@example.com"), ["mixed"]);
    assert.deepEqual(await keysMatching(store, "PLAIN"), ["plain"]);
  });

  it("users match on key, email, first and last name, and combine with role and tenant", {
    skip,
  }, async () => {
    const { store } = opened();
    assert.deepEqual(await keysMatching(store, "ann"), ["plain"]);
    assert.deepEqual(await keysMatching(store, "smith"), ["plain"]);
    assert.deepEqual(await keysMatching(store, "grace"), ["by-name"]);
    assert.deepEqual(await keysMatching(store, "example.com"), ["mixed", "plain"]);
    const inTenant = await users.listUsers(store, { search: "score", tenant: "t_2", page: 1, perPage: 10 });
    assert.deepEqual(
      inTenant.data.map((u) => u.key),
      ["under_score"],
    );
    const withRole = await users.listUsers(store, { search: "score", role: "viewer", page: 1, perPage: 10 });
    // Sorted here: the page is in key order by the database's collation, which differs by driver.
    assert.deepEqual(withRole.data.map((u) => u.key).sort(), ["underXscore", "under_score"]);
    assert.equal(withRole.total_count, 2);
  });

  it("tenants match on key and name with the same escaping", { skip }, async () => {
    const { store } = opened();
    const find = async (search: string) =>
      (await tenants.listTenants(store, { search, page: 1, perPage: 10 })).data.map((t) => t.key).sort();
    assert.deepEqual(await find("%"), ["t%1"]);
    assert.deepEqual(await find("_"), ["named", "t_2"]);
    assert.deepEqual(await find("t_"), ["t_2"]);
    assert.deepEqual(await find("\\"), ["t\\3"]);
    assert.deepEqual(await find("FIFTY"), ["named"]);
  });
});
