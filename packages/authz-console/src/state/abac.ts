import { useEffect, useRef } from "react";
import type { ApiClient } from "../api/client.ts";
import type { ConditionSet, SetRule } from "../api/rebac-types.ts";
import type { Resource } from "../api/types.ts";
import { useConsole } from "./console-context.ts";
import { usePolicy } from "./policy-store.tsx";
import { type Loaded, useLoader } from "./use-loader.ts";

const ABAC_KINDS = new Set(["condition_set", "set_rule", "abac_schema", "resource", "role"]);

async function all<T>(api: ApiClient, path: string, signal: AbortSignal): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const batch = await api.get<T[]>(path, { page, per_page: 100 }, signal);
    out.push(...batch);
    if (batch.length < 100) return out;
  }
}

export interface Abac {
  sets: ConditionSet[];
  rules: SetRule[];
}

/** Condition sets and set rules, kept fresh by the change stream. */
export function useAbac(): Loaded<Abac> {
  const { api } = useConsole();
  const { lastChange } = usePolicy();
  const loaded = useLoader<Abac>(
    async (signal) => {
      const [sets, rules] = await Promise.all([
        all<ConditionSet>(api, api.schema("/condition_sets"), signal),
        all<SetRule>(api, api.facts("/set_rules"), signal),
      ]);
      return { sets, rules };
    },
    [api],
  );
  const seen = useRef(lastChange?.version);
  const { reload } = loaded;
  useEffect(() => {
    if (!lastChange || lastChange.version === seen.current) return;
    seen.current = lastChange.version;
    if (ABAC_KINDS.has(lastChange.kind)) reload();
  }, [lastChange, reload]);
  return loaded;
}

export const ruleId = (userSet: string, permission: string, resourceSet: string) =>
  `${userSet}|${permission}|${resourceSet}`;

/** The built-in `__user` resource: its attributes are the user attribute schema that user sets test. */
export function useUserSchema(): Loaded<Resource> {
  const { api } = useConsole();
  const { lastChange } = usePolicy();
  const loaded = useLoader(
    (signal) => api.get<Resource>(api.schema("/resources/__user"), undefined, signal),
    [api],
  );
  const seen = useRef(lastChange?.version);
  const { reload } = loaded;
  useEffect(() => {
    if (!lastChange || lastChange.version === seen.current) return;
    seen.current = lastChange.version;
    if (ABAC_KINDS.has(lastChange.kind)) reload();
  }, [lastChange, reload]);
  return loaded;
}
