import type { Project, ProjectList } from "@tollgate/contracts";
import { useCallback, useEffect, useState } from "react";
import { useApi } from "../api/api-context.ts";
import { useLiveTopic } from "../live/live-events.ts";

/** A project as listed for this user, with what they may do with it (`get`, `manage`, `create`). */
export type ProjectItem = Project & { allowed: string[] };

/** The projects this user may see, re-read when their permissions or the tasks change. */
export function useProjects() {
  const api = useApi();
  const [projects, setProjects] = useState<ProjectItem[]>([]);
  const refresh = useCallback(() => {
    api.get<ProjectList>("/api/projects").then(
      (body) => setProjects(body.projects.map((p) => ({ ...p, allowed: p.allowed ?? [] }))),
      () => setProjects([]),
    );
  }, [api]);
  useEffect(refresh, [refresh]);
  useLiveTopic("permissions", refresh);
  useLiveTopic("tasks", refresh);
  return { projects, refresh };
}
