import { NoticesProvider, useNotices, usePathname } from "@tollgate/web-ui";
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

const TITLES = { tasks: "Tasks", users: "Users" } as const;

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
          fadeMs={6000}
          keep={{ errors: 4, others: 3 }}
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

/** Loads the permissions, re-reads them on a live `permissions` event or a 403, and reports failures. */
function Permissions({
  onForbidden,
  children,
}: {
  onForbidden: { current: () => void };
  children: ReactNode;
}) {
  const api = useApi();
  const state = usePermissionsLoader(api);
  const notices = useNotices();
  onForbidden.current = state.refresh;
  useLiveTopic("permissions", state.refresh);
  useEffect(() => {
    if (state.error) notices.error(state.error);
  }, [state.error, notices]);
  return <PermissionsContext.Provider value={state}>{children}</PermissionsContext.Provider>;
}

function Shell({ startupWarning }: { startupWarning: string | undefined }) {
  const screen = screenOf(usePathname());
  const notices = useNotices();
  const permissions = usePermissions();
  const firstRender = useRef(true);

  useEffect(() => {
    if (startupWarning) notices.error(startupWarning);
  }, [startupWarning, notices]);

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
          // Without permissions every control would look forbidden; say what failed instead.
          <div className="page-loading" data-testid="permissions-error">
            <h1 id="page-title" tabIndex={-1}>
              {TITLES[screen]}
            </h1>
            <div className="inline-error">
              <p>{permissions.error}</p>
              <button type="button" className="button button-small" onClick={permissions.refresh}>
                Try again
              </button>
            </div>
          </div>
        ) : screen === "users" ? (
          <UsersView />
        ) : (
          <TasksView />
        )}
      </main>
    </>
  );
}
