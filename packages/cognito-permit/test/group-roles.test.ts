import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type GroupRoleMapping, grantsForGroups, managedGrants, profileOf, reconcile } from "../src/index.ts";

const mapping: GroupRoleMapping = {
  groups: { admins: "admin", editors: "editor", "acme-leads": [{ role: "admin", tenant: "acme" }, "editor"] },
  defaultRole: "viewer",
};

describe("group → role mapping", () => {
  it("maps groups to grants in the default tenant, without duplicates", () => {
    assert.deepEqual(grantsForGroups(mapping, ["editors", "acme-leads"]), [
      { role: "editor", tenant: "default" },
      { role: "admin", tenant: "acme" },
    ]);
  });
  it("grants the default role only when no group maps", () => {
    assert.deepEqual(grantsForGroups(mapping, []), [{ role: "viewer", tenant: "default" }]);
    assert.deepEqual(grantsForGroups(mapping, ["unmapped"]), [{ role: "viewer", tenant: "default" }]);
    assert.deepEqual(grantsForGroups({ groups: {} }, ["x"]), []);
  });
  it("knows every grant it manages", () => {
    assert.deepEqual(
      managedGrants(mapping)
        .map((g) => `${g.tenant}/${g.role}`)
        .sort(),
      ["acme/admin", "default/admin", "default/editor", "default/viewer"],
    );
  });
  it("reconciles: assigns what is missing, removes only managed grants the groups no longer give", () => {
    const current = [
      { role: "viewer", tenant: "default" },
      { role: "auditor", tenant: "default" },
    ];
    const plan = reconcile(current, [{ role: "editor", tenant: "default" }], managedGrants(mapping));
    assert.deepEqual(plan.assign, [{ role: "editor", tenant: "default" }]);
    assert.deepEqual(
      plan.unassign,
      [{ role: "viewer", tenant: "default" }],
      "auditor was given by hand and stays",
    );
    assert.deepEqual(reconcile(current, [{ role: "viewer", tenant: "default" }], managedGrants(mapping)), {
      assign: [],
      unassign: [],
    });
  });
});

describe("profileOf", () => {
  it("keys by sub and takes names from given/family name or from name", () => {
    const base = { sub: "s1", token_use: "id" as const, iss: "i", exp: 0, iat: 0 };
    assert.deepEqual(profileOf({ ...base, email: "a@b.c", given_name: "Ada", family_name: "Lovelace" }), {
      key: "s1",
      email: "a@b.c",
      first_name: "Ada",
      last_name: "Lovelace",
    });
    assert.deepEqual(profileOf({ ...base, name: "Grace Brewster Hopper" }), {
      key: "s1",
      first_name: "Grace",
      last_name: "Brewster Hopper",
    });
    assert.deepEqual(profileOf(base), { key: "s1" });
  });
});
