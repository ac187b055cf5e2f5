import { useEffect, useRef } from "react";
import { ApiError, seg } from "../api/client.ts";
import type { Relation, ResourceRole } from "../api/rebac-types.ts";
import { useConsole } from "./console-context.ts";
import { usePolicy } from "./policy-store.tsx";
import { type Loaded, useLoader } from "./use-loader.ts";

/** Change kinds after which a resource's roles and relations may have changed. */
const SCHEMA_KINDS = new Set(["resource_role", "relation", "rebac_schema", "resource"]);

export interface ResourceRebac {
  roles: ResourceRole[];
  relations: Relation[];
}

/**
 * A resource's resource roles (with their derivations) and the relations declared on it, reloaded
 * when the change stream reports a schema change (ours or anyone's).
 */
export function useResourceRebac(resourceKey: string | undefined): Loaded<ResourceRebac> {
  const { api } = useConsole();
  const { lastChange } = usePolicy();
  const loaded = useLoader<ResourceRebac>(
    async (signal) => {
      if (resourceKey === undefined) return { roles: [], relations: [] };
      const base = api.schema(`/resources/${seg(resourceKey)}`);
      const [roles, relations] = await Promise.all([
        api.get<ResourceRole[]>(`${base}/roles`, { page: 1, per_page: 100 }, signal),
        api.get<Relation[]>(`${base}/relations`, { page: 1, per_page: 100 }, signal),
      ]);
      return { roles, relations };
    },
    [api, resourceKey],
  );
  const seen = useRef(lastChange?.version);
  const { reload } = loaded;
  useEffect(() => {
    if (!lastChange || lastChange.version === seen.current) return;
    seen.current = lastChange.version;
    if (SCHEMA_KINDS.has(lastChange.kind)) reload();
  }, [lastChange, reload]);
  return loaded;
}

/** A failed write's message for a person: the service's own words (Permit's `message`). */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.status === 0 ? "The service could not be reached." : err.message;
  return err instanceof Error ? err.message : String(err);
}
