import type { PoolUser, Task, TaskShare, TaskShareList, UserList } from "@tollgate/contracts";
import { useNotices } from "@tollgate/web-ui";
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from "react";
import { useApi } from "../api/api-context.ts";
import { describeError } from "../api/errors.ts";
import { useSession } from "../auth/session-context.ts";
import { useLiveTopic } from "../live/live-events.ts";
import { usePermissions } from "../permissions/permissions.ts";
import { AccessList, AddPersonForm } from "./PeopleAccess.tsx";
import type { ProjectItem } from "./projects.ts";

const ROLE_LABEL: Record<string, string> = { owner: "Owner", editor: "Can edit", viewer: "Can view" };
const SHARE_ROLES = [
  { value: "viewer", label: "Can view" },
  { value: "editor", label: "Can edit" },
] as const;

/**
 * Share one task: who has access (the owner and each person it is shared with), a people picker to
 * add someone as editor or viewer, and a remove button per share. Everything is re-read from the
 * server after each change, so the list is what Permit holds.
 */
export function ShareDialog({
  task,
  projects = [],
  onClose,
}: {
  task: Task | null;
  projects?: ProjectItem[];
  onClose(): void;
}) {
  const api = useApi();
  const notices = useNotices();
  const session = useSession();
  const { can } = usePermissions();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const projectId = useId();
  const confidentialId = useId();
  const [projectOf, setProjectOf] = useState<string>("");
  const [confidential, setConfidential] = useState(false);
  const [shares, setShares] = useState<TaskShare[] | null>(null);
  const [people, setPeople] = useState<PoolUser[]>([]);
  const [who, setWho] = useState("");
  const [role, setRole] = useState<"viewer" | "editor">("viewer");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const open = task !== null;
  const canListPeople = can("user:get");

  const reload = useCallback(() => {
    if (!task) return;
    api.get<TaskShareList>(`/api/tasks/${task.id}/shares`).then(
      (body) => {
        setShares(body.shares);
        setError(undefined);
      },
      (err: unknown) => setError(describeError(err, "see who has access")),
    );
  }, [api, task]);

  // The task's project and flag as listed when the dialog opens (a new task object each time).
  useEffect(() => {
    setProjectOf(task?.project_id ?? "");
    setConfidential(task?.confidential === true);
  }, [task]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
    if (open) {
      setShares(null);
      setWho("");
      reload();
    }
  }, [open, reload]);

  // The people picker offers the team when the role may list it; an e-mail can always be typed.
  useEffect(() => {
    if (!open || !canListPeople) return;
    api.get<UserList>("/api/users").then(
      (body) => setPeople(body.users),
      () => setPeople([]),
    );
  }, [api, open, canListPeople]);

  useLiveTopic("permissions", () => {
    if (open) reload();
  });

  const nameOf = (s: TaskShare) => {
    if (s.sub === session.sub) return "You";
    const person = people.find((p) => p.sub === s.sub);
    return person?.name || person?.email || s.name || s.sub;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!task || !who.trim()) return;
    setBusy(true);
    try {
      const body = await api.post<TaskShareList>(`/api/tasks/${task.id}/shares`, {
        user: who.trim(),
        role,
      });
      setShares(body.shares);
      setWho("");
      setError(undefined);
      notices.notify("Shared.");
    } catch (err) {
      setError(describeError(err, "share this task"));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (sub: string) => {
    if (!task) return;
    try {
      await api.delete(`/api/tasks/${task.id}/shares/${encodeURIComponent(sub)}`);
      notices.notify("Access removed.");
    } catch (err) {
      setError(describeError(err, "remove access"));
    }
    reload();
  };

  const fileInto = async (project: string) => {
    if (!task) return;
    setProjectOf(project);
    try {
      await api.put(`/api/tasks/${task.id}/project`, { project: project || null });
      notices.notify(project ? "Filed into the project." : "Taken out of the project.");
    } catch (err) {
      setProjectOf(task.project_id ?? "");
      setError(describeError(err, "change the project"));
    }
  };

  const markConfidential = async (value: boolean) => {
    if (!task) return;
    setConfidential(value);
    try {
      await api.put(`/api/tasks/${task.id}/confidential`, { confidential: value });
      notices.notify(value ? "Marked confidential." : "No longer confidential.");
    } catch (err) {
      setConfidential(!value);
      setError(describeError(err, "change confidentiality"));
    }
  };

  const candidates = people.filter((p) => p.sub !== session.sub && !shares?.some((s) => s.sub === p.sub));

  return (
    <dialog
      ref={ref}
      className="dialog share-dialog"
      aria-labelledby={titleId}
      onClose={() => {
        if (open) onClose();
      }}
      data-testid="share-dialog"
    >
      <h2 id={titleId} className="dialog-title">
        Share “{task?.title}”
      </h2>
      <div className="dialog-body">
        <div className="share-options">
          <label htmlFor={projectId} className="field-label">
            Project
          </label>
          <select
            id={projectId}
            className="select select-compact"
            value={projectOf}
            onChange={(e) => void fileInto(e.target.value)}
            data-testid="task-project"
          >
            <option value="">No project</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <input
            id={confidentialId}
            type="checkbox"
            checked={confidential}
            onChange={(e) => void markConfidential(e.target.checked)}
            data-testid="task-confidential"
          />
          <label htmlFor={confidentialId}>Confidential (only people with high clearance see it)</label>
        </div>
        <AddPersonForm<"viewer" | "editor">
          label="Share with someone"
          roleLabel="Access"
          roles={SHARE_ROLES}
          role={role}
          onRole={setRole}
          who={who}
          onWho={setWho}
          people={candidates}
          busy={busy}
          submitLabel="Share"
          busyLabel="Sharing…"
          onSubmit={submit}
          testIds={{ user: "share-user", role: "share-role", submit: "share-submit" }}
        />
        {error && (
          <p className="inline-error" role="alert" data-testid="share-error">
            {error}
          </p>
        )}
        <h3 className="field-label">Who has access</h3>
        <AccessList
          entries={shares}
          nameOf={nameOf}
          roleLabels={ROLE_LABEL}
          canRemove={(s) => s.role !== "owner"}
          onRemove={(sub) => void remove(sub)}
          testIds={{ list: "share-list", row: "share-row", remove: "share-remove" }}
        />
      </div>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} data-testid="share-close">
          Done
        </button>
      </div>
    </dialog>
  );
}
