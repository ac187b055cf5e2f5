import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inspect } from "node:util";
import { ApiKeyRing } from "../src/http/auth.ts";

describe("API key ring", () => {
  const key = "permit_key_ring_test_0123456789abcdef";

  it("accepts the configured keys and nothing else", () => {
    const ring = new ApiKeyRing([key, "permit_key_other_0123456789abcdef"]);
    assert.equal(ring.verify(key), true);
    assert.equal(ring.verify(key), true, "the same key twice");
    assert.equal(ring.verify(`${key}x`), false);
    assert.equal(ring.verify(key.slice(0, -1)), false);
    assert.equal(ring.verify(""), false);
  });

  it("holds keys only as digests, before and after verifying them", () => {
    const ring = new ApiKeyRing([key]);
    ring.verify(key);
    const dump = inspect(ring, { depth: 10, showHidden: true, maxArrayLength: null });
    assert.equal(dump.includes(key), false, "the plain key is nowhere in the ring");
    assert.equal(dump.includes(Buffer.from(key).toString("hex")), false);
  });
});
