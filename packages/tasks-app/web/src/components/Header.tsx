import { Link } from "@tollgate/web-ui";
import { useState } from "react";
import { useSession } from "../auth/session-context.ts";
import { useLiveStatus } from "../live/live-events.ts";
import { usePermissions } from "../permissions/permissions.ts";
import type { Screen } from "../routing/router.ts";
import { LogoMark } from "./icons.tsx";
import { RoleBadge } from "./RoleBadge.tsx";

const LIVE_TEXT = {
  live: "Live",
  connecting: "Connecting…",
  reconnecting: "Reconnecting…",
  degraded: "Permissions unavailable — retrying",
} as const;

/** App name, navigation, and who is signed in with what role. */
export function Header({ screen }: { screen: Screen }) {
  const session = useSession();
  const { can, error: permissionsError } = usePermissions();
  const live = useLiveStatus();
  // With the authorization service down, "Live" would be true of the stream and false of everything
  // that matters; one calm status replaces it until the permissions load again.
  const status = permissionsError ? "degraded" : live;
  const [signingOut, setSigningOut] = useState(false);

  return (
    <header className="app-header">
      <div className="header-inner">
        <Link to="/" className="brand">
          <LogoMark />
          <span>Tollgate Tasks</span>
        </Link>
        <nav className="main-nav" aria-label="Main">
          <Link to="/" current={screen === "tasks"} data-testid="nav-tasks">
            Tasks
          </Link>
          {can("user:get") && (
            <Link to="/users" current={screen === "users"} data-testid="nav-users">
              Users
            </Link>
          )}
        </nav>
        <div className="account">
          <span
            className={`live-indicator live-${status}`}
            data-testid="live-status"
            data-status={status}
            role="status"
            title={
              status === "live" ? "Changes by others and to your role show up here right away" : undefined
            }
          >
            <span className="live-dot" aria-hidden="true" />
            {LIVE_TEXT[status]}
          </span>
          <span className="user-email" data-testid="user-email" title={session.email} dir="auto">
            {session.email}
          </span>
          <RoleBadge />
          <button
            type="button"
            className="button button-quiet sign-out"
            data-testid="sign-out"
            disabled={signingOut}
            onClick={() => {
              setSigningOut(true);
              void session.signOut();
            }}
          >
            {signingOut ? "Signing out…" : "Sign out"}
          </button>
        </div>
      </div>
    </header>
  );
}
