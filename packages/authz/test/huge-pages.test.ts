import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { withHugePages } from "../src/server.ts";

describe("workers' glibc tunables", () => {
  it("ask for huge pages for large allocations, beside an operator's own tunables", () => {
    assert.equal(withHugePages(undefined), "glibc.malloc.hugetlb=1");
    assert.equal(withHugePages(""), "glibc.malloc.hugetlb=1");
    assert.equal(
      withHugePages("glibc.malloc.arena_max=2"),
      "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1",
    );
  });

  it("leave an operator's own huge-page setting alone", () => {
    assert.equal(withHugePages("glibc.malloc.hugetlb=0"), "glibc.malloc.hugetlb=0");
  });
});
