import type { Group, InviteResult, PoolUser } from "@tollgate/contracts";
import { ConfirmDialog } from "@tollgate/web-ui";
import { useEffect, useRef, useState } from "react";
import { useSession } from "../auth/session-context.ts";
import { Denied, PermissionNote } from "../components/PermissionNote.tsx";
import { usePermissions } from "../permissions/permissions.ts";
import { ClearanceSelect, useClearances } from "./Clearance.tsx";
import { InviteForm } from "./InviteForm.tsx";
import { TemporaryPassword } from "./TemporaryPassword.tsx";
import { UserRow } from "./UserRow.tsx";
import { groupOf, labelOf, useUsers } from "./use-users.ts";

type Pending = { kind: "delete"; user: PoolUser } | { kind: "demote-self"; user: PoolUser; group: Group };

/** User administration: who is on the team, in which group, and inviting or removing people. */
export function UsersView() {
  const { can } = usePermissions();
  const session = useSession();
  const canGet = can("user:get");
  const canCreate = can("user:create");
  const clearances = useClearances(canCreate);
  const canDelete = can("user:delete");
  const list = useUsers(canGet);
  const [invited, setInvited] = useState<InviteResult | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const tableHeading = useRef<HTMLHeadingElement>(null);
  const moveFocus = useRef(false);

  const cannot = [!canCreate && "invite or change the group of", !canDelete && "remove"].filter(
    (x): x is string => typeof x === "string",
  );

  const changeGroup = (user: PoolUser, group: Group) => {
    // Leaving admin locks you out of this screen; make that a deliberate choice.
    if (user.sub === session.sub && groupOf(user) === "admin" && group !== "admin") {
      setPending({ kind: "demote-self", user, group });
    } else {
      list.setGroup(user, group);
    }
  };

  const invite = async (input: { email: string; name: string; group: Group }) => {
    const outcome = await list.invite(input);
    if (outcome.ok) setInvited(outcome.result);
    return outcome;
  };

  // The temporary password is of no use once that person is gone (removed here, by another admin, or
  // from the pool): the panel goes with them. "Seen" guards the moment before the list re-reads.
  const invitedSeen = useRef<string | null>(null);
  useEffect(() => {
    if (!invited || list.status !== "ready") return;
    const username = invited.user.username;
    if (list.users.some((u) => u.username === username)) invitedSeen.current = username;
    else if (invitedSeen.current === username) setInvited(null);
  }, [invited, list.users, list.status]);

  return (
    <>
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          Users
        </h1>
        {canGet && list.status === "ready" && (
          <p className="page-sub" data-testid="user-count">
            {list.users.length} {list.users.length === 1 ? "person" : "people"}
          </p>
        )}
      </div>

      {!canGet ? (
        <Denied title="You can't view users" testId="users-denied">
          Your role doesn't include viewing users (user:get). Ask an admin if you need to manage the team.
        </Denied>
      ) : (
        <>
          {canCreate && <InviteForm onInvite={invite} />}
          {invited && (
            <TemporaryPassword
              email={invited.user.email}
              password={invited.temporaryPassword}
              onDone={() => setInvited(null)}
            />
          )}
          <PermissionNote cannot={cannot} noun="users" testId="users-permission-note" />

          <section className="card list-card" aria-labelledby="users-heading">
            <div className="list-toolbar">
              <h2 id="users-heading" ref={tableHeading} tabIndex={-1}>
                Team
              </h2>
              <button type="button" className="button button-quiet button-small" onClick={list.refresh}>
                Refresh
              </button>
            </div>

            {list.loadError && (
              <div className="inline-error" data-testid="users-load-error">
                <p>{list.loadError}</p>
                <button type="button" className="button button-small" onClick={list.refresh}>
                  Try again
                </button>
              </div>
            )}

            {list.status === "loading" ? (
              <div className="skeleton-list" aria-busy="true" data-testid="users-loading">
                <p className="visually-hidden">Loading users…</p>
                <div className="skeleton-row" />
                <div className="skeleton-row" />
              </div>
            ) : (
              list.status === "ready" && (
                <table className="users-table" data-testid="users-table">
                  <caption className="visually-hidden">Users and their groups</caption>
                  <thead>
                    <tr>
                      <th scope="col">Person</th>
                      <th scope="col">Status</th>
                      <th scope="col">Group</th>
                      {canCreate && <th scope="col">Clearance</th>}
                      {canDelete && (
                        <th scope="col">
                          <span className="visually-hidden">Actions</span>
                        </th>
                      )}
                    </tr>
                  </thead>
                  <tbody>
                    {list.users.map((user) => (
                      <UserRow
                        key={user.username}
                        user={user}
                        isMe={user.sub === session.sub}
                        canChangeGroup={canCreate}
                        canDelete={canDelete}
                        onGroup={(group) => changeGroup(user, group)}
                        onDelete={() => setPending({ kind: "delete", user })}
                        clearance={
                          canCreate ? (
                            <ClearanceSelect
                              user={user}
                              value={clearances.clearances[user.sub]}
                              onSaved={clearances.refresh}
                            />
                          ) : undefined
                        }
                      />
                    ))}
                  </tbody>
                </table>
              )
            )}
          </section>
        </>
      )}

      <ConfirmDialog
        open={pending !== null}
        title={pending?.kind === "demote-self" ? "Give up your admin role?" : "Remove this user?"}
        confirmLabel={pending?.kind === "demote-self" ? `Become ${pending.group}` : "Remove user"}
        onCancel={() => setPending(null)}
        onConfirm={() => {
          if (pending?.kind === "delete") {
            list.remove(pending.user);
            if (invited?.user.username === pending.user.username) setInvited(null);
            moveFocus.current = true;
          } else if (pending) {
            list.setGroup(pending.user, pending.group);
          }
          setPending(null);
        }}
        onClosed={() => {
          if (moveFocus.current) tableHeading.current?.focus();
          moveFocus.current = false;
        }}
      >
        {pending?.kind === "demote-self" ? (
          <p>
            You will lose admin permissions right away, including this page. Another admin would have to give
            them back.
          </p>
        ) : (
          <p>
            {pending ? labelOf(pending.user) : ""} will be removed from the user pool and from the
            authorization service, and lose access right away. This can't be undone.
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
