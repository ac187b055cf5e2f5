/** The policy package's decision cases, run over HTTP against the PDP: same data, same answers. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestAuthz, type TestAuthz } from "@tollgate/testkit/authz";
import { applyDecisionCaseFile, comparable, loadDecisionCases } from "@tollgate/testkit/decision-cases";

for (const file of loadDecisionCases()) {
  describe(`decision cases: ${file.file} (HTTP PDP)`, () => {
    let t: TestAuthz;
    before(async () => {
      t = await startTestAuthz();
      await applyDecisionCaseFile(t.permit, file);
    });
    after(() => t.close());

    for (const c of file.cases) {
      it(c.name, async () => {
        const res = await t.http("POST", "/allowed", {
          user: { key: c.input.user, attributes: c.input.userAttributes },
          action: c.input.action,
          resource: c.input.resource,
          context: c.input.context,
        });
        assert.equal(res.status, 200);
        assert.deepEqual(comparable(c.expect, { ...res.body.debug, allow: res.body.allow }), c.expect);
        assert.equal(res.body.result, res.body.allow);
      });
    }
  });
}
