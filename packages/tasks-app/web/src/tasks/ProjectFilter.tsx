import type { Project } from "@tollgate/contracts";
import { useNotices } from "@tollgate/web-ui";
import { type FormEvent, useId, useState } from "react";
import { useApi } from "../api/api-context.ts";
import { describeError } from "../api/errors.ts";
import { ProjectMembersDialog } from "./ProjectMembersDialog.tsx";
import type { ProjectItem } from "./projects.ts";

/** `all`, `none` (tasks in no project) or a project id. */
export type ProjectChoice = string;

/**
 * The project filter above the list, with a members button for the chosen project and a small
 * form to start a project (for roles with `project:create`).
 */
export function ProjectFilter({
  projects,
  value,
  onChange,
  canCreate,
  onCreated,
}: {
  projects: ProjectItem[];
  value: ProjectChoice;
  onChange(value: ProjectChoice): void;
  canCreate: boolean;
  onCreated(): void;
}) {
  const api = useApi();
  const notices = useNotices();
  const selectId = useId();
  const nameId = useId();
  const [name, setName] = useState("");
  const [members, setMembers] = useState<ProjectItem | null>(null);
  const chosen = projects.find((p) => p.id === value);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    try {
      const project = await api.post<Project>("/api/projects", { name: name.trim() });
      setName("");
      onCreated();
      onChange(project.id);
      notices.notify("Project created.");
    } catch (err) {
      notices.error(describeError(err, "create projects"));
    }
  };

  if (projects.length === 0 && !canCreate) return null;
  return (
    <div className="project-bar" data-testid="project-bar">
      <label htmlFor={selectId} className="field-label">
        Project
      </label>
      <select
        id={selectId}
        className="select select-compact"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid="project-filter"
      >
        <option value="all">All projects</option>
        <option value="none">No project</option>
        {projects.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      {chosen && (
        <button
          type="button"
          className="button button-small"
          onClick={() => setMembers(chosen)}
          data-testid="project-members"
        >
          Members
        </button>
      )}
      {canCreate && (
        <form className="project-new" onSubmit={create} aria-label="New project">
          <label htmlFor={nameId} className="visually-hidden">
            New project name
          </label>
          <input
            id={nameId}
            className="input input-compact"
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
            placeholder="New project"
            data-testid="project-name"
          />
          <button
            type="submit"
            className="button button-small"
            disabled={!name.trim()}
            data-testid="project-create"
          >
            Add
          </button>
        </form>
      )}
      <ProjectMembersDialog project={members} onClose={() => setMembers(null)} />
    </div>
  );
}
