import { GROUPS, type Group, type PoolUser } from "@tollgate/contracts";
import type { ReactNode } from "react";
import { useId } from "react";
import { TrashIcon } from "../components/icons.tsx";
import { groupOf, labelOf } from "./use-users.ts";

const STATUS: Record<string, { text: string; tone: string }> = {
  CONFIRMED: { text: "Active", tone: "ok" },
  // Signed up with a temporary password that must be replaced at first sign-in.
  FORCE_CHANGE_PASSWORD: { text: "Invited", tone: "pending" },
  RESET_REQUIRED: { text: "Password reset required", tone: "pending" },
  UNCONFIRMED: { text: "Unconfirmed", tone: "pending" },
  EXTERNAL_PROVIDER: { text: "External sign-in", tone: "ok" },
};

function statusOf(user: PoolUser) {
  if (!user.enabled) return { text: "Disabled", tone: "off" };
  return STATUS[user.status] ?? { text: user.status.toLowerCase().replaceAll("_", " "), tone: "pending" };
}

function initials(user: PoolUser): string {
  const source = user.name || user.email || user.username;
  const parts = source.split(/[\s@._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (user.name ? (parts[1]?.[0] ?? "") : "")).toUpperCase();
}

const title = (g: string) => g.charAt(0).toUpperCase() + g.slice(1);

interface UserRowProps {
  user: PoolUser;
  isMe: boolean;
  canChangeGroup: boolean;
  canDelete: boolean;
  onGroup(group: Group): void;
  /** The clearance cell (admins only). */
  clearance?: ReactNode;
  onDelete(): void;
}

/** One row of the users table; on a phone the CSS turns it into a card, using each cell's data-label. */
export function UserRow({
  user,
  isMe,
  canChangeGroup,
  canDelete,
  onGroup,
  onDelete,
  clearance,
}: UserRowProps) {
  const selectId = useId();
  const group = groupOf(user);
  const status = statusOf(user);
  const label = labelOf(user);

  return (
    <tr data-testid="user-row" data-username={user.username} data-email={user.email}>
      <th scope="row" className="person-cell">
        <div className="person">
          <span className="avatar" aria-hidden="true">
            {initials(user)}
          </span>
          <span className="person-text">
            <span className="person-name" dir="auto">
              {label}
              {isMe && <span className="you-tag">You</span>}
            </span>
            {user.name && user.email && (
              <span className="person-email" dir="auto">
                {user.email}
              </span>
            )}
          </span>
        </div>
      </th>
      <td data-label="Status">
        <span className={`status status-${status.tone}`}>{status.text}</span>
      </td>
      <td data-label="Group">
        {canChangeGroup ? (
          <>
            <label htmlFor={selectId} className="visually-hidden">
              Group for {label}
            </label>
            <select
              id={selectId}
              className="select select-compact"
              value={group ?? ""}
              onChange={(e) => onGroup(e.target.value as Group)}
              data-testid="user-group-select"
            >
              {!group && (
                <option value="" disabled>
                  No group (viewer)
                </option>
              )}
              {GROUPS.map((g) => (
                <option key={g} value={g}>
                  {title(g)}
                </option>
              ))}
            </select>
          </>
        ) : (
          <span className={`role-badge role-${group ?? "none"}`} data-testid="user-group">
            {group ? title(group) : "No group"}
          </span>
        )}
      </td>
      {clearance !== undefined && <td data-label="Clearance">{clearance}</td>}
      {canDelete && (
        <td data-label="Actions" className="actions-cell">
          <button
            type="button"
            className="button button-quiet button-small button-danger-quiet"
            onClick={onDelete}
            disabled={isMe}
            title={isMe ? "You can't remove your own account" : undefined}
            aria-label={isMe ? "Remove (not available for your own account)" : `Remove ${label}`}
            data-testid="user-delete"
          >
            <TrashIcon />
            <span className="button-text">Remove</span>
          </button>
        </td>
      )}
    </tr>
  );
}
