import { useEffect, useRef } from "react";
import { ALL_PERMISSIONS, usePermissions } from "../permissions/permissions.ts";

const KNOWN_ROLES = new Set(["admin", "editor", "viewer"]);

function roleLabel(roles: string[]): string {
  if (roles.length === 0) return "No role";
  return roles.map((r) => r.charAt(0).toUpperCase() + r.slice(1)).join(", ");
}

/**
 * The user's role, opening onto the list of what it allows. It is a <details> so it works from
 * the keyboard with no script; a click elsewhere or Escape closes it.
 */
export function RoleBadge() {
  const { roles, permissions, status, error } = usePermissions();
  const ref = useRef<HTMLDetailsElement>(null);
  // Never loaded (the service is down): unknown, in a neutral color — not a red "No role".
  const unknown = status === "error" || (status === "loading" && !!error);
  const primary = unknown ? "unknown" : (roles.find((r) => KNOWN_ROLES.has(r)) ?? "none");

  useEffect(() => {
    const close = (event: Event) => {
      const details = ref.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent) {
        if (event.key !== "Escape") return;
        details.open = false;
        details.querySelector("summary")?.focus();
      } else if (!details.contains(event.target as Node)) {
        details.open = false;
      }
    };
    document.addEventListener("click", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("click", close);
      document.removeEventListener("keydown", close);
    };
  }, []);

  return (
    <details className="role-menu" ref={ref}>
      <summary
        className={`role-badge role-${primary}`}
        data-testid="role-badge"
        data-roles={roles.join(" ")}
        data-permissions={[...permissions].sort().join(" ")}
      >
        <span className="visually-hidden">Your role: </span>
        {status === "loading" ? "Loading…" : unknown ? "Role unknown" : roleLabel(roles)}
      </summary>
      <div className="role-popover">
        <h2 className="role-popover-title">What your role allows</h2>
        <ul className="permission-list" data-testid="permissions-list">
          {ALL_PERMISSIONS.map(({ key, label }) => {
            const allowed = permissions.has(key);
            return (
              <li key={key} className={allowed ? "allowed" : "denied-item"} data-permission={key}>
                <span aria-hidden="true" className="permission-mark">
                  {allowed ? "✓" : "–"}
                </span>
                <span>
                  {label}
                  <span className="visually-hidden">{allowed ? ": allowed" : ": not allowed"}</span>
                </span>
                <code>{key}</code>
              </li>
            );
          })}
        </ul>
        <p className="role-popover-foot">Changes to your role apply here right away.</p>
      </div>
    </details>
  );
}
