/** The policy package's decision cases, run over HTTP against the PDP: same data, same answers. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadDecisionCases } from "@tollgate/policy/decision-cases";
import { startTestAuthz, type TestAuthz } from "./helpers.ts";

for (const file of loadDecisionCases()) {
  describe(`decision cases: ${file.file} (HTTP PDP)`, () => {
    let t: TestAuthz;
    before(async () => {
      t = await startTestAuthz();
      const { permit } = t;
      const p = file.policy;
      for (const r of p.resources)
        await permit.api.resources.create({ key: r.key, name: r.name, actions: r.actions });
      // Create roles without parents first, then add `extends` edges, so order in the file does not matter.
      for (const r of p.roles)
        await permit.api.roles.create({ key: r.key, name: r.name, permissions: r.permissions });
      for (const r of p.roles)
        if (r.extends.length > 0) await permit.api.roles.update(r.key, { extends: r.extends } as never);
      for (const tn of p.tenants ?? []) await permit.api.tenants.create(tn);
      for (const u of p.users ?? []) await permit.api.users.sync(u);
      for (const a of p.role_assignments ?? []) await permit.api.roleAssignments.assign(a);
    });
    after(() => t.close());

    for (const c of file.cases) {
      it(c.name, async () => {
        const res = await t.http("POST", "/allowed", {
          user: { key: c.input.user },
          action: c.input.action,
          resource: c.input.resource,
        });
        assert.equal(res.status, 200);
        assert.deepEqual({ allow: res.body.allow, reason: res.body.debug.reason }, c.expect);
        assert.equal(res.body.result, res.body.allow);
      });
    }
  });
}
