import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestAuthz, type TestAuthz } from "@tollgate/testkit/authz";

describe("/openapi.json", () => {
  let t: TestAuthz;
  before(async () => {
    t = await startTestAuthz();
  });
  after(() => t.close());

  it("documents every route from the route schemas", async () => {
    const res = await fetch(`${t.url}/openapi.json`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    assert.match(doc.openapi, /^3\./);
    for (const path of [
      "/allowed",
      "/allowed/bulk",
      "/user-permissions",
      "/authorized_users",
      "/v2/api-key/scope",
      "/v2/facts/{proj_id}/{env_id}/users/{user_id}",
      "/v2/facts/{proj_id}/{env_id}/role_assignments",
      "/v2/schema/{proj_id}/{env_id}/roles/{role_id}/parents/{parent_role_id}",
      "/v2/schema/{proj_id}/{env_id}/resources/{resource_id}/actions",
    ]) {
      assert.ok(doc.paths[path], `missing ${path}`);
    }
    const createUser = doc.paths["/v2/facts/{proj_id}/{env_id}/users"]?.post as { requestBody: unknown };
    assert.ok(createUser.requestBody, "request bodies come from the schemas");
  });
});
