/** Loads the decision cases in packages/policy/cases: data shared by every runner (engine, HTTP PDP). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CheckInput, DecisionReason, PolicyDocument } from "../src/index.ts";

export interface DecisionCase {
  name: string;
  input: CheckInput;
  expect: { allow: boolean; reason: DecisionReason };
}

export interface DecisionCaseFile {
  file: string;
  description: string;
  policy: PolicyDocument;
  cases: DecisionCase[];
}

const casesDir = join(import.meta.dirname, "..", "cases");

export function loadDecisionCases(): DecisionCaseFile[] {
  return readdirSync(casesDir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((file) => ({
      file,
      ...(JSON.parse(readFileSync(join(casesDir, file), "utf8")) as Omit<DecisionCaseFile, "file">),
    }));
}
