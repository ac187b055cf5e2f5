import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type ConditionContext, ConditionError, compileConditions } from "../src/index.ts";

function ctx(user: Record<string, unknown>, resource: Record<string, unknown> = {}): ConditionContext {
  return {
    user: (a) => user[a],
    resource: (a) => resource[a],
    tenant: () => undefined,
    context: () => undefined,
    hasRole: () => false,
    instanceAttributes: (type, key) => (type === "team" && key === "t1" ? { size: 3 } : undefined),
  };
}

const holds = (conditions: unknown, user: Record<string, unknown>, resource?: Record<string, unknown>) =>
  compileConditions(conditions)(ctx(user, resource));

describe("condition grammar", () => {
  const table: [string, unknown, Record<string, unknown>, boolean][] = [
    ["equals string", { "user.a": { equals: "x" } }, { a: "x" }, true],
    ["equals is strict", { "user.a": { equals: 5 } }, { a: "5" }, false],
    ["equals bool", { "user.a": { equals: false } }, { a: false }, true],
    ["equals array deep", { "user.a": { equals: [1, { b: 2 }] } }, { a: [1, { b: 2 }] }, true],
    ["not-equals", { "user.a": { "not-equals": "x" } }, { a: "y" }, true],
    ["not-equals on a missing attribute is false", { "user.a": { "not-equals": "x" } }, {}, false],
    ["greater-than", { "user.a": { "greater-than": 1 } }, { a: 2 }, true],
    ["greater-than on a string is false", { "user.a": { "greater-than": 1 } }, { a: "2" }, false],
    ["greater-than-equals", { "user.a": { "greater-than-equals": 2 } }, { a: 2 }, true],
    ["less-than", { "user.a": { "less-than": 2 } }, { a: 2 }, false],
    ["less-than-equals", { "user.a": { "less-than-equals": 2 } }, { a: 2 }, true],
    ["contains substring", { "user.a": { contains: "@corp." } }, { a: "me@corp.io" }, true],
    ["contains on an array is false", { "user.a": { contains: "x" } }, { a: ["x"] }, false],
    ["array_contains", { "user.a": { array_contains: "b" } }, { a: ["a", "b"] }, true],
    ["array_subset", { "user.a": { array_subset: ["a", "b", "c"] } }, { a: ["a", "c"] }, true],
    ["array_subset fails", { "user.a": { array_subset: ["a"] } }, { a: ["a", "c"] }, false],
    ["array_superset", { "user.a": { array_superset: ["a"] } }, { a: ["a", "c"] }, true],
    ["array_intersect", { "user.a": { array_intersect: ["z", "c"] } }, { a: ["a", "c"] }, true],
    ["array_intersect none", { "user.a": { array_intersect: ["z"] } }, { a: ["a"] }, false],
    ["in", { "user.a": { in: ["x", "y"] } }, { a: "y" }, true],
    ["between", { "user.a": { between: [1, 3] } }, { a: 3 }, true],
    ["between outside", { "user.a": { between: [1, 3] } }, { a: 4 }, false],
    [
      "object_match",
      { "user.a": { object_match: { match: { c: { equals: "US" } } } } },
      { a: { c: "US" } },
      true,
    ],
    [
      "any_match",
      { "user.a": { any_match: { match: { c: { equals: "US" } } } } },
      { a: [{ c: "IN" }, { c: "US" }] },
      true,
    ],
    [
      "all_match",
      { "user.a": { all_match: { match: { c: { equals: "US" } } } } },
      { a: [{ c: "IN" }, { c: "US" }] },
      false,
    ],
    [
      "all_match on an empty array",
      { "user.a": { all_match: { match: { c: { equals: "US" } } } } },
      { a: [] },
      true,
    ],
    [
      "fk_resource_type",
      { "user.a": { object_match: { fk_resource_type: "team", match: { size: { equals: 3 } } } } },
      { a: "t1" },
      true,
    ],
    [
      "fk_resource_type to a missing instance",
      { "user.a": { object_match: { fk_resource_type: "team", match: { size: { equals: 3 } } } } },
      { a: "t2" },
      false,
    ],
    ["ref", { "user.a": { equals: { ref: "user.b" } } }, { a: 1, b: 1 }, true],
    ["ref to a missing attribute", { "user.a": { "not-equals": { ref: "user.b" } } }, { a: 1 }, false],
    ["allOf", { allOf: [{ "user.a": { equals: 1 } }, { "user.b": { equals: 2 } }] }, { a: 1, b: 3 }, false],
    ["anyOf", { anyOf: [{ "user.a": { equals: 1 } }, { "user.b": { equals: 2 } }] }, { a: 0, b: 2 }, true],
    ["and/or aliases", { and: [{ or: [{ "user.a": { equals: 1 } }] }] }, { a: 1 }, true],
    ["not around a missing attribute", { not: { "user.a": { equals: 1 } } }, {}, true],
    ["leaf-level not literal", { "user.a": { not: "part-time" } }, { a: "full-time" }, true],
    ["leaf-level not list", { "user.a": { not: ["part-time"] } }, { a: "part-time" }, false],
    ["leaf-level not operators", { "user.a": { not: { equals: 1 } } }, { a: 2 }, true],
    [
      "attribute-first allOf",
      { "user.a": { allOf: [{ "greater-than": 1 }, { "less-than": 5 }] } },
      { a: 3 },
      true,
    ],
    ["empty is always true", {}, {}, true],
    ["subject alias", { "subject.a": { equals: 1 } }, { a: 1 }, true],
  ];
  for (const [name, conditions, user, expected] of table) {
    it(name, () => assert.equal(holds(conditions, user), expected));
  }

  it("reads resource attributes", () => {
    assert.equal(holds({ "resource.level": { "less-than": 3 } }, {}, { level: 2 }), true);
  });

  const bad: [string, unknown][] = [
    ["an unknown operator", { "user.a": { "starts-with": "x" } }],
    ["a path outside the namespaces", { "org.a": { equals: 1 } }],
    ["a non-array allOf", { allOf: { "user.a": { equals: 1 } } }],
    ["a numeric operator with a string", { "user.a": { "greater-than": "1" } }],
    ["an array operator with a scalar", { "user.a": { array_subset: "x" } }],
    ["a match without match", { "user.a": { any_match: { country: "US" } } }],
    ["a leaf that is not an object", { "user.a": 5 }],
    ["a bare string", "user.a == 1"],
  ];
  for (const [name, conditions] of bad) {
    it(`rejects ${name}`, () => assert.throws(() => compileConditions(conditions), ConditionError));
  }
});
