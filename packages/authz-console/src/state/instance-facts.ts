import { useEffect, useRef } from "react";
import { seg } from "../api/client.ts";
import type { Relation, RelationshipTuple, ResourceInstance, RoleAssignment } from "../api/rebac-types.ts";
import { useConsole } from "./console-context.ts";
import { usePolicy } from "./policy-store.tsx";
import { type Loaded, useLoader } from "./use-loader.ts";

const FACT_KINDS = new Set([
  "resource_instance",
  "role_assignment",
  "relationship_tuple",
  "relation",
  "resource_role",
]);

export interface InstanceFacts {
  instance: ResourceInstance;
  assignments: RoleAssignment[];
  /** Tuples where the instance is the object (`folder:f1 parent document:d1` for `document:d1`). */
  incoming: RelationshipTuple[];
  /** Tuples where it is the subject. */
  outgoing: RelationshipTuple[];
}

/** One instance with its role assignments and tuples in both directions, kept fresh by the change stream. */
export function useInstanceFacts(id: string): Loaded<InstanceFacts> {
  const { api } = useConsole();
  const { lastChange } = usePolicy();
  const loaded = useLoader<InstanceFacts>(
    async (signal) => {
      const page = { page: 1, per_page: 100 };
      const [instance, assignments, incoming, outgoing] = await Promise.all([
        api.get<ResourceInstance>(api.facts(`/resource_instances/${seg(id)}`), undefined, signal),
        api.get<RoleAssignment[]>(api.facts("/role_assignments"), { resource_instance: id, ...page }, signal),
        api.get<RelationshipTuple[]>(api.facts("/relationship_tuples"), { object: id, ...page }, signal),
        api.get<RelationshipTuple[]>(api.facts("/relationship_tuples"), { subject: id, ...page }, signal),
      ]);
      return { instance, assignments, incoming, outgoing };
    },
    [api, id],
  );
  const seen = useRef(lastChange?.version);
  const { reload } = loaded;
  useEffect(() => {
    if (!lastChange || lastChange.version === seen.current) return;
    seen.current = lastChange.version;
    if (FACT_KINDS.has(lastChange.kind)) reload();
  }, [lastChange, reload]);
  return loaded;
}

/** Every relation whose subject is `type`: the ways an instance of it can be linked to another. */
export function useRelationsFrom(type: string): Loaded<Relation[]> {
  const { api } = useConsole();
  const { resources } = usePolicy();
  const keys = resources.map((r) => r.key).join(",");
  return useLoader(
    async (signal) => {
      const lists = await Promise.all(
        resources.map((r) =>
          api.get<Relation[]>(
            api.schema(`/resources/${seg(r.key)}/relations`),
            { page: 1, per_page: 100 },
            signal,
          ),
        ),
      );
      return lists.flat().filter((r) => r.subject_resource === type);
    },
    [api, keys, type],
  );
}
