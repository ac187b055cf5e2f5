import type { ProjectMemberList, TaskShare } from "@tollgate/contracts";
import { useNotices } from "@tollgate/web-ui";
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from "react";
import { useApi } from "../api/api-context.ts";
import { describeError } from "../api/errors.ts";
import { useSession } from "../auth/session-context.ts";
import { AccessList, AddPersonForm } from "./PeopleAccess.tsx";
import type { ProjectItem } from "./projects.ts";

const LABEL: Record<string, string> = {
  maintainer: "Maintainer (edits its tasks)",
  member: "Member (sees its tasks)",
};
const MEMBER_ROLES = [
  { value: "member", label: "Member" },
  { value: "maintainer", label: "Maintainer" },
] as const;

/**
 * A project's members: maintainers edit the project's tasks, members see them (derived roles). Those
 * who may manage the project add people by e-mail and remove them.
 */
export function ProjectMembersDialog({ project, onClose }: { project: ProjectItem | null; onClose(): void }) {
  const api = useApi();
  const notices = useNotices();
  const session = useSession();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [members, setMembers] = useState<TaskShare[] | null>(null);
  const [who, setWho] = useState("");
  const [role, setRole] = useState<"member" | "maintainer">("member");
  const [error, setError] = useState<string | undefined>();
  const open = project !== null;
  const canManage = project?.allowed.includes("manage") === true;

  const reload = useCallback(() => {
    if (!project) return;
    api.get<ProjectMemberList>(`/api/projects/${project.id}/members`).then(
      (body) => setMembers(body.members),
      (err: unknown) => setError(describeError(err, "see the members")),
    );
  }, [api, project]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
    if (open) {
      setMembers(null);
      setError(undefined);
      reload();
    }
  }, [open, reload]);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!project || !who.trim()) return;
    try {
      const body = await api.post<ProjectMemberList>(`/api/projects/${project.id}/members`, {
        user: who.trim(),
        role,
      });
      setMembers(body.members);
      setWho("");
      setError(undefined);
      notices.notify("Member added.");
    } catch (err) {
      setError(describeError(err, "add members"));
    }
  };

  const remove = async (sub: string) => {
    if (!project) return;
    try {
      await api.delete(`/api/projects/${project.id}/members/${encodeURIComponent(sub)}`);
    } catch (err) {
      setError(describeError(err, "remove members"));
    }
    reload();
  };

  return (
    <dialog
      ref={ref}
      className="dialog share-dialog"
      aria-labelledby={titleId}
      onClose={() => {
        if (open) onClose();
      }}
      data-testid="project-members-dialog"
    >
      <h2 id={titleId} className="dialog-title">
        Members of “{project?.name}”
      </h2>
      <div className="dialog-body">
        {canManage && (
          <AddPersonForm<"member" | "maintainer">
            label="Add a member"
            roleLabel="Role"
            roles={MEMBER_ROLES}
            role={role}
            onRole={setRole}
            who={who}
            onWho={setWho}
            submitLabel="Add"
            busyLabel="Adding…"
            onSubmit={add}
            testIds={{ user: "member-user", role: "member-role", submit: "member-add" }}
          />
        )}
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
        <AccessList
          entries={members}
          nameOf={(m) => (m.sub === session.sub ? "You" : (m.name ?? m.sub))}
          roleLabels={LABEL}
          canRemove={(m) => canManage && m.sub !== session.sub}
          onRemove={(sub) => void remove(sub)}
          testIds={{ list: "member-list", row: "member-row", remove: "member-remove" }}
        />
      </div>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Done
        </button>
      </div>
    </dialog>
  );
}
