import { useCallback, useEffect, useState } from "react";
import { useApi } from "../api/api-context.ts";
import { useLiveTopic } from "../live/live-events.ts";

export interface ProjectItem {
  id: string;
  name: string;
  /** What this user may do with the project: `get`, `manage`, `create`. */
  allowed: string[];
}

/** The projects this user may see, re-read when their permissions or the tasks change. */
export function useProjects() {
  const api = useApi();
  const [projects, setProjects] = useState<ProjectItem[]>([]);
  const refresh = useCallback(() => {
    api.get<{ projects: ProjectItem[] }>("/api/projects").then(
      (body) => setProjects(body.projects),
      () => setProjects([]),
    );
  }, [api]);
  useEffect(refresh, [refresh]);
  useLiveTopic("permissions", refresh);
  useLiveTopic("tasks", refresh);
  return { projects, refresh };
}
