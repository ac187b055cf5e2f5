import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadPolicyDocument, PolicyEngine } from "../src/index.ts";
import { loadDecisionCases } from "./decision-cases.ts";

for (const file of loadDecisionCases()) {
  describe(`decision cases: ${file.file} (engine)`, () => {
    const engine = new PolicyEngine();
    loadPolicyDocument(engine, file.policy);
    for (const c of file.cases) {
      it(c.name, () => {
        const decision = engine.check(c.input);
        assert.deepEqual({ allow: decision.allow, reason: decision.reason }, c.expect);
      });
    }
  });
}
