/** The condition-set editor's model: Permit's grammar to rows and back, with per-row validation. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeConditions, fromGroup, toGroup } from "../src/model/conditions.ts";

const types: Record<string, string> = {
  "user.dept": "string",
  "user.age": "number",
  "user.admin": "bool",
  "user.tags": "array",
};
const typeOf = (a: string) => types[a];

describe("condition-set editor model", () => {
  it("reads the flat form, Permit's UI form and {} into rows", () => {
    const leaf = { "user.dept": { equals: "eng" } };
    assert.deepEqual(toGroup({ anyOf: [leaf] }), {
      mode: "anyOf",
      rows: [{ attribute: "user.dept", operator: "equals", value: "eng" }],
    });
    assert.deepEqual(toGroup({ allOf: [{ anyOf: [leaf] }] })?.mode, "anyOf");
    assert.deepEqual(toGroup({}), { mode: "allOf", rows: [] });
    assert.deepEqual(toGroup({ allOf: [{ "user.n": { in: [1, 2] } }] })?.rows[0]?.value, "1, 2");
  });

  it("leaves what the rows cannot express to the JSON editor", () => {
    assert.equal(toGroup({ not: { "user.dept": { equals: "x" } } }), undefined);
    assert.equal(toGroup({ allOf: [{ allOf: [{ anyOf: [] }] }, { anyOf: [] }] }), undefined);
    assert.equal(toGroup({ allOf: [{ "user.dept": { equals: { ref: "resource.owner" } } }] }), undefined);
    assert.equal(toGroup({ allOf: [{ "user.dept": { equals: "a", contains: "b" } }] }), undefined);
    assert.equal(toGroup({ allOf: [{ "user.o": { object_match: { match: {} } } }] }), undefined);
    assert.equal(toGroup([1]), undefined);
  });

  it("writes typed values in Permit's UI shape, and round-trips", () => {
    const out = fromGroup(
      {
        mode: "allOf",
        rows: [
          { attribute: "user.age", operator: "greater-than", value: " 17 " },
          { attribute: "user.admin", operator: "equals", value: "true" },
          { attribute: "user.tags", operator: "array_intersect", value: "a, b" },
          { attribute: "user.age", operator: "between", value: "1, 9" },
        ],
      },
      typeOf,
      "user",
    );
    assert.ok("conditions" in out);
    assert.deepEqual(out.conditions, {
      allOf: [
        {
          allOf: [
            { "user.age": { "greater-than": 17 } },
            { "user.admin": { equals: true } },
            { "user.tags": { array_intersect: ["a", "b"] } },
            { "user.age": { between: [1, 9] } },
          ],
        },
      ],
    });
    assert.equal(toGroup(out.conditions)?.rows.length, 4);
    assert.deepEqual(fromGroup({ mode: "anyOf", rows: [] }, typeOf, "user"), { conditions: {} });
  });

  it("says per row what is wrong, and writes nothing then", () => {
    const out = fromGroup(
      {
        mode: "allOf",
        rows: [
          { attribute: "user.age", operator: "less-than", value: "young" },
          { attribute: "resource.level", operator: "equals", value: "1" },
          { attribute: "user.admin", operator: "contains", value: "yes" },
          { attribute: "user.age", operator: "between", value: "1" },
          { attribute: "user.dept", operator: "equals", value: "  " },
          { attribute: "user.dept", operator: "equals", value: "ok" },
        ],
      },
      typeOf,
      "user",
    );
    assert.ok("errors" in out);
    assert.match(out.errors[0]?.value ?? "", /not a number/);
    assert.match(out.errors[1]?.attribute ?? "", /user\.name/);
    assert.match(out.errors[2]?.operator ?? "", /does not apply to a bool/);
    assert.match(out.errors[3]?.value ?? "", /two values/);
    assert.match(out.errors[4]?.value ?? "", /Enter a value/);
    assert.deepEqual(out.errors[5], {});
  });

  it("describes a set in words", () => {
    assert.equal(
      describeConditions({
        allOf: [{ anyOf: [{ "user.dept": { equals: "eng" } }, { "user.age": { "less-than": 3 } }] }],
      }),
      "user.dept is eng, or user.age < 3",
    );
    assert.equal(describeConditions({}), "everyone (no conditions)");
  });
});
