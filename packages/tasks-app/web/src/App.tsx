import { Link, NoticesProvider, useNotices, usePathname } from "@tollgate/web-ui";
import { type ReactNode, useEffect, useMemo, useRef } from "react";
import { ApiContext, useApi } from "./api/api-context.ts";
import { createApiClient } from "./api/client.ts";
import { useSession } from "./auth/session-context.ts";
import { Header } from "./components/Header.tsx";
import { LiveContext, useLiveConnection, useLiveTopic } from "./live/live-events.ts";
import { PermissionsContext, usePermissions, usePermissionsLoader } from "./permissions/permissions.ts";
import { screenOf } from "./routing/router.ts";
import { TasksView } from "./tasks/TasksView.tsx";
import { UsersView } from "./users/UsersView.tsx";

const TITLES = { tasks: "Tasks", users: "Users", "not-found": "Page not found" } as const;

/** The signed-in app: one API client, one live stream and one permission set shared by every screen. */
export function App({ startupWarning }: { startupWarning: string | undefined }) {
  const session = useSession();
  const token = useRef(session.accessToken);
  token.current = session.accessToken;
  const onForbidden = useRef(() => {});
  const { reauthenticate } = session;

  const api = useMemo(
    () =>
      createApiClient({
        token: () => token.current,
        reauthenticate,
        onForbidden: () => onForbidden.current(),
      }),
    [reauthenticate],
  );
  const live = useLiveConnection(session.accessToken, {
    onRemoved: session.accountRemoved,
    onUnauthorized: () => void session.reauthenticate(),
  });

  return (
    <ApiContext.Provider value={api}>
      <LiveContext.Provider value={live}>
        <NoticesProvider
          fadeMs={4000}
          keep={{ errors: 2, others: 1 }}
          dismissClassName="notice-dismiss"
          dismissLabel="Dismiss message"
        >
          <Permissions onForbidden={onForbidden}>
            <Shell startupWarning={startupWarning} />
          </Permissions>
        </NoticesProvider>
      </LiveContext.Provider>
    </ApiContext.Provider>
  );
}

/**
 * Loads the permissions and re-reads them on a live `permissions` event or a 403. A failure is not a
 * message of its own: the header shows one calm status while the loader retries.
 */
function Permissions({
  onForbidden,
  children,
}: {
  onForbidden: { current: () => void };
  children: ReactNode;
}) {
  const api = useApi();
  const state = usePermissionsLoader(api);
  onForbidden.current = state.refresh;
  useLiveTopic("permissions", state.refresh);
  return <PermissionsContext.Provider value={state}>{children}</PermissionsContext.Provider>;
}

function Shell({ startupWarning }: { startupWarning: string | undefined }) {
  const screen = screenOf(usePathname());
  const notices = useNotices();
  const permissions = usePermissions();
  const firstRender = useRef(true);

  // The sign-in sync's warning, once, and only when the permissions did load: when they did not, the
  // header's "Permissions unavailable — retrying" already says it, and one status is enough.
  const warned = useRef(false);
  const permissionsLoaded = permissions.status === "ready" && !permissions.error;
  useEffect(() => {
    if (!startupWarning || warned.current || !permissionsLoaded) return;
    warned.current = true;
    notices.error(startupWarning);
  }, [startupWarning, notices, permissionsLoaded]);

  // A client-side navigation should feel like a page load to a screen reader: new title, focus on the heading.
  useEffect(() => {
    document.title = `${TITLES[screen]} · Tollgate Tasks`;
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.getElementById("page-title")?.focus();
  }, [screen]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header screen={screen} />
      <main id="main" className="main" tabIndex={-1}>
        {permissions.status === "loading" ? (
          <div className="page-loading" aria-busy="true" data-testid="permissions-loading">
            <h1 id="page-title" tabIndex={-1}>
              {TITLES[screen]}
            </h1>
            <p className="muted">Checking what your role allows…</p>
          </div>
        ) : permissions.status === "error" ? (
          // Without permissions every control would look forbidden; the header says they are being retried.
          <div className="page-loading" aria-busy="true" data-testid="permissions-error">
            <h1 id="page-title" tabIndex={-1}>
              {TITLES[screen]}
            </h1>
            <p className="muted">
              Your {screen === "users" ? "team" : "tasks"} will appear as soon as your permissions can be
              read.
            </p>
            <button type="button" className="button button-small" onClick={permissions.refresh}>
              Try now
            </button>
          </div>
        ) : screen === "not-found" ? (
          <NotFound />
        ) : permissions.noAccess && screen === "users" ? (
          <NoAccess />
        ) : screen === "users" ? (
          <UsersView />
        ) : (
          // No role, but tasks may still be shared with them: the list decides, NoAccess if it is empty.
          <TasksView noAccess={permissions.noAccess ? <NoAccess /> : undefined} />
        )}
      </main>
    </>
  );
}

/** A path the app has no page for: say so, and offer the way back. */
function NotFound() {
  const path = usePathname();
  return (
    <div className="empty-page" data-testid="not-found">
      <h1 id="page-title" tabIndex={-1}>
        Page not found
      </h1>
      <p>
        There is no page at <code dir="auto">{path}</code>. The link may be old or mistyped.
      </p>
      <Link to="/" className="button button-primary" data-testid="not-found-home">
        Go to your tasks
      </Link>
    </div>
  );
}

/**
 * Signed in, but no role: nothing here is theirs to see yet. An admin adds them to a group; the live
 * `permissions` event then brings the app in without a reload.
 */
function NoAccess() {
  const session = useSession();
  return (
    <div className="empty-page" data-testid="no-access">
      <h1 id="page-title" tabIndex={-1}>
        You have no access yet
      </h1>
      <p>
        You are signed in as <strong dir="auto">{session.email}</strong>, but no role has been given to this
        account. Ask an admin to add you to a group — this page updates by itself once they have.
      </p>
    </div>
  );
}
