import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PolicyChange } from "../src/live.ts";
import { describeChange } from "../src/object-changes.ts";

describe("describeChange: a change-stream event read per object", () => {
  it("a role given or taken (tenant or instance) concerns exactly its users", () => {
    assert.deepEqual(describeChange({ version: 3, kind: "role_assignment", keys: ["u1", "u2"] }), {
      version: 3,
      kind: "role_assignment",
      users: ["u1", "u2"],
      objects: [],
      everyone: false,
    });
    assert.equal(describeChange({ version: 4, kind: "user", keys: ["u1"] }).everyone, false);
  });

  it("a tuple names both of its ends and may concern anyone (derived roles)", () => {
    const c = describeChange({
      version: 7,
      kind: "relationship_tuple",
      keys: ["project:p1|parent|task:t1", "project:p1|parent|task:t2"],
    });
    assert.deepEqual(c.objects, ["project:p1", "task:t1", "task:t2"]);
    assert.equal(c.everyone, true);
    assert.deepEqual(c.users, []);
  });

  it("instance changes name the instance; schema and role changes concern everyone", () => {
    const i = describeChange({ version: 8, kind: "resource_instance", keys: ["task:t1"] });
    assert.deepEqual([i.objects, i.everyone], [["task:t1"], true]);
    for (const kind of ["role", "resource", "rebac_schema", "abac_schema", "tenant", "something_new"]) {
      // As read off the wire: a newer service may send a kind this client's type does not list yet.
      const c = describeChange({ version: 9, kind: kind as PolicyChange["kind"], keys: ["x"] });
      assert.equal(c.everyone, true, kind);
      assert.deepEqual(c.users, [], kind);
    }
  });
});
