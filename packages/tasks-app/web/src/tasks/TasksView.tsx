import type { Task } from "@tollgate/contracts";
import { ConfirmDialog } from "@tollgate/web-ui";
import { type ReactNode, useRef, useState } from "react";
import { useSession } from "../auth/session-context.ts";
import { Denied, PermissionNote } from "../components/PermissionNote.tsx";
import { usePermissions } from "../permissions/permissions.ts";
import { NewTaskForm } from "./NewTaskForm.tsx";
import { ProjectFilter } from "./ProjectFilter.tsx";
import { useProjects } from "./projects.ts";
import { ShareDialog } from "./ShareDialog.tsx";
import { TaskRow, type TaskRowPermissions } from "./TaskRow.tsx";
import { useTasks } from "./use-tasks.ts";

type Filter = "all" | "open" | "done";
const FILTERS: { key: Filter; label: string }[] = [
  { key: "all", label: "All" },
  { key: "open", label: "Open" },
  { key: "done", label: "Done" },
];

const EMPTY: Record<Filter, string> = {
  all: "No tasks yet.",
  open: "Nothing open — everything is done.",
  done: "Nothing is done yet.",
};

/** The team's task list: add, check off, rename and delete, as far as the user's role allows. */
export function TasksView({ noAccess }: { noAccess?: ReactNode } = {}) {
  const { can } = usePermissions();
  const session = useSession();
  // Without tenant-wide task:get the list still holds what was shared with this user (or is empty).
  const list = useTasks(true);
  const canGet = can("task:get") || can("task:create") || list.tasks.length > 0 || list.status === "loading";
  const [sharing, setSharing] = useState<Task | null>(null);
  const projects = useProjects();
  const [project, setProject] = useState("all");
  const [filter, setFilter] = useState<Filter>("all");
  const [confirming, setConfirming] = useState<Task | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const deleted = useRef(false);

  const allowed = { check: can("task:check"), update: can("task:update"), delete: can("task:delete") };
  // A listed task says what this user may do with it (their role on it counts too); a task still on
  // its way to the server falls back to the tenant role.
  const allowedOn = (task: Task): TaskRowPermissions =>
    task.allowed
      ? {
          check: task.allowed.includes("check"),
          update: task.allowed.includes("update"),
          delete: task.allowed.includes("delete"),
        }
      : allowed;
  // Adding is explained by the add form itself.
  const cannot = [
    !allowed.update && "rename",
    !allowed.check && "check off",
    !allowed.delete && "delete",
  ].filter((x): x is string => typeof x === "string");

  const open = list.tasks.filter((t) => !t.done).length;
  const done = list.tasks.length - open;
  const inProject = (t: Task) =>
    project === "all" || (project === "none" ? !t.project_id : t.project_id === project);
  const shown = list.tasks.filter(
    (t) => (filter === "all" || (filter === "done") === t.done) && inProject(t),
  );

  // No role and nothing shared: the whole page is the "no access yet" explanation.
  if (!canGet && noAccess) return noAccess;

  return (
    <>
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          Tasks
        </h1>
        {canGet && list.status === "ready" && (
          <p className="page-sub" data-testid="task-counts">
            {open} open · {done} done
          </p>
        )}
      </div>

      {!canGet ? (
        <Denied title="You can't view tasks" testId="tasks-denied">
          Your role doesn't include viewing tasks (task:get). Ask an admin to change your group; this page
          updates by itself when they do.
        </Denied>
      ) : (
        <>
          <NewTaskForm allowed={can("task:create")} onCreate={list.create} />
          <PermissionNote cannot={cannot} noun="tasks" testId="tasks-permission-note" />
          <ProjectFilter
            projects={projects.projects}
            value={project}
            onChange={setProject}
            canCreate={can("project:create")}
            onCreated={projects.refresh}
          />

          <section className="card list-card" aria-labelledby="task-list-heading">
            <div className="list-toolbar">
              <h2 id="task-list-heading" ref={listHeading} tabIndex={-1}>
                {filter === "all" ? "All tasks" : filter === "open" ? "Open tasks" : "Done tasks"}
              </h2>
              <fieldset className="segmented">
                <legend className="visually-hidden">Show</legend>
                {FILTERS.map((f) => (
                  <button
                    key={f.key}
                    type="button"
                    aria-pressed={filter === f.key}
                    onClick={() => setFilter(f.key)}
                    data-testid={`filter-${f.key}`}
                  >
                    {f.label}
                  </button>
                ))}
              </fieldset>
            </div>

            {list.loadError && (
              <div className="inline-error" data-testid="tasks-load-error">
                <p>{list.loadError}</p>
                <button type="button" className="button button-small" onClick={list.refresh}>
                  Try again
                </button>
              </div>
            )}

            {list.status === "loading" ? (
              <div className="skeleton-list" aria-busy="true" data-testid="tasks-loading">
                <p className="visually-hidden">Loading tasks…</p>
                <div className="skeleton-row" />
                <div className="skeleton-row" />
                <div className="skeleton-row" />
              </div>
            ) : shown.length === 0 ? (
              list.status === "ready" && (
                <div className="empty" data-testid="tasks-empty">
                  <p className="empty-title">{EMPTY[filter]}</p>
                  {filter === "all" && (
                    <p>
                      {can("task:create") ? "Add the first one above." : "Tasks your team adds appear here."}
                    </p>
                  )}
                </div>
              )
            ) : (
              <ul className="task-list" data-testid="task-list" aria-labelledby="task-list-heading">
                {shown.map((task) => (
                  <TaskRow
                    key={task.id}
                    task={task}
                    mySub={session.sub}
                    allowed={allowedOn(task)}
                    onShare={task.allowed?.includes("share") ? () => setSharing(task) : undefined}
                    onToggle={(isDone) => list.setDone(task, isDone)}
                    onRename={(title) => list.rename(task, title)}
                    onDelete={() => setConfirming(task)}
                  />
                ))}
              </ul>
            )}
          </section>
        </>
      )}

      <ShareDialog task={sharing} projects={projects.projects} onClose={() => setSharing(null)} />

      <ConfirmDialog
        open={confirming !== null}
        title="Delete this task?"
        confirmLabel="Delete task"
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          if (confirming) list.remove(confirming);
          deleted.current = true;
          setConfirming(null);
        }}
        onClosed={() => {
          // The row whose button opened the dialog is gone; the list heading is the nearest stable place.
          if (deleted.current) listHeading.current?.focus();
          deleted.current = false;
        }}
      >
        <p>“{confirming?.title}” will be deleted for everyone. This can't be undone.</p>
      </ConfirmDialog>
    </>
  );
}
