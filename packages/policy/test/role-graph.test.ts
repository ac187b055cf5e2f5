/** The role hierarchy's pure helpers: ordered ancestry next to the engine's own set and cycle check. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ancestorsNearestFirst, ancestorsOf, type ExtendsGraph } from "../src/index.ts";

const graph: ExtendsGraph = new Map([
  ["viewer", []],
  ["commenter", ["viewer"]],
  ["editor", ["commenter", "viewer"]],
  ["admin", ["editor", "auditor"]],
  ["auditor", ["viewer", "ghost"]],
]);

describe("ancestorsNearestFirst", () => {
  it("lists parents before grandparents, each once, in extends order", () => {
    assert.deepEqual(ancestorsNearestFirst(graph, "admin"), ["editor", "auditor", "commenter", "viewer"]);
    assert.deepEqual(ancestorsNearestFirst(graph, "editor"), ["commenter", "viewer"]);
  });

  it("is the engine's ancestor set without the role itself", () => {
    for (const role of graph.keys()) {
      const engine = ancestorsOf(graph, role);
      engine.delete(role);
      assert.deepEqual(new Set(ancestorsNearestFirst(graph, role)), engine, role);
    }
  });

  it("skips unknown roles and has nothing for a root or a missing role", () => {
    assert.deepEqual(ancestorsNearestFirst(graph, "auditor"), ["viewer"]);
    assert.deepEqual(ancestorsNearestFirst(graph, "viewer"), []);
    assert.deepEqual(ancestorsNearestFirst(graph, "nobody"), []);
  });

  it("stops on a cycle instead of looping (the console draws unsaved edits)", () => {
    const looped: ExtendsGraph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
    ]);
    assert.deepEqual(ancestorsNearestFirst(looped, "a"), ["b", "c"]);
  });
});
