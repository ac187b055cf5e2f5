import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { comparable, loadDecisionCases } from "../cases/decision-cases.ts";
import { loadPolicyDocument, PolicyEngine, type ResourceRoleDef } from "../src/index.ts";

for (const file of loadDecisionCases()) {
  describe(`decision cases: ${file.file} (engine)`, () => {
    const engine = new PolicyEngine();
    loadPolicyDocument(engine, file.policy);
    const removals = file.then_remove ?? {};
    for (const t of removals.relationship_tuples ?? [])
      assert.ok(engine.removeTuple(t), "tuple to remove exists");
    for (const a of removals.role_assignments ?? [])
      assert.ok(engine.unassign(a), "assignment to remove exists");
    for (const d of removals.derivations ?? []) {
      const role = engine.rebac.getRole(d.resource, d.role) as ResourceRoleDef;
      const rules = (role.granted_to?.users_with_role ?? []).filter(
        (r) =>
          !(
            r.role === d.rule.role &&
            r.on_resource === d.rule.on_resource &&
            r.linked_by_relation === d.rule.linked_by_relation
          ),
      );
      engine.upsertResourceRole({ ...role, granted_to: { ...role.granted_to, users_with_role: rules } });
    }
    for (const c of file.cases) {
      it(c.name, () => {
        const decision = engine.check(c.input);
        assert.deepEqual(comparable(c.expect, decision), c.expect);
      });
    }
  });
}
