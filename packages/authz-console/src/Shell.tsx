import { Link, useLocation } from "@tollgate/web-ui";
import { AuditPage } from "./pages/audit/AuditPage.tsx";
import { ConditionSetsPage } from "./pages/conditions/ConditionSetsPage.tsx";
import { InstancePage } from "./pages/instances/InstancePage.tsx";
import { InstancesPage } from "./pages/instances/InstancesPage.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";
import { PolicyPage } from "./pages/policy/PolicyPage.tsx";
import { RolesPage } from "./pages/roles/RolesPage.tsx";
import { SchemaPage } from "./pages/schema/SchemaPage.tsx";
import { TenantPage } from "./pages/tenants/TenantPage.tsx";
import { TenantsPage } from "./pages/tenants/TenantsPage.tsx";
import { TesterPage } from "./pages/tester/TesterPage.tsx";
import { UserPage } from "./pages/users/UserPage.tsx";
import { UsersPage } from "./pages/users/UsersPage.tsx";
import { type Route, routeOf } from "./routing/router.ts";
import { useConsole } from "./state/console-context.ts";
import { usePolicy } from "./state/policy-store.tsx";

const NAV: { to: string; label: string; id: string; pages: Route["page"][] }[] = [
  { to: "/", label: "Policy editor", id: "policy", pages: ["policy"] },
  { to: "/schema", label: "Schema", id: "schema", pages: ["schema"] },
  { to: "/roles", label: "Roles", id: "roles", pages: ["roles"] },
  { to: "/users", label: "Users", id: "users", pages: ["users", "user"] },
  { to: "/tenants", label: "Tenants", id: "tenants", pages: ["tenants", "tenant"] },
  { to: "/condition-sets", label: "Condition sets", id: "condition-sets", pages: ["condition-sets"] },
  { to: "/instances", label: "Instances", id: "instances", pages: ["instances", "instance"] },
  { to: "/audit", label: "Audit log", id: "audit", pages: ["audit"] },
  { to: "/tester", label: "Decision tester", id: "tester", pages: ["tester"] },
];

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "policy":
      return <PolicyPage />;
    case "schema":
      return <SchemaPage />;
    case "roles":
      return <RolesPage />;
    case "users":
      return <UsersPage />;
    case "user":
      return <UserPage key={route.key} userKey={route.key} />;
    case "tenants":
      return <TenantsPage />;
    case "tenant":
      return <TenantPage key={route.key} tenantKey={route.key} />;
    case "audit":
      return <AuditPage />;
    case "tester":
      return <TesterPage />;
    case "instances":
      return <InstancesPage />;
    case "condition-sets":
      return <ConditionSetsPage />;
    case "instance":
      return <InstancePage key={route.id} instanceId={route.id} />;
    default:
      return <NotFoundPage />;
  }
}

const LIVE_TEXT = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…" } as const;

/** The signed-in console: a header with the pages, and the page the address names. */
export function Shell() {
  const { path } = useLocation();
  const route = routeOf(path);
  const { signOut, api } = useConsole();
  const { live } = usePolicy();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-row">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              T
            </span>
            <span>Tollgate console</span>
          </Link>
          <span
            className={`live-badge live-${live}`}
            data-testid="live-status"
            data-status={live}
            title={`Environment ${api.scope?.environment_id ?? ""}`}
          >
            <span className="live-dot" aria-hidden="true" />
            {LIVE_TEXT[live]}
          </span>
          <button
            type="button"
            className="button button-quiet"
            onClick={() => signOut()}
            data-testid="sign-out"
          >
            Sign out
          </button>
        </div>
        <nav aria-label="Console pages" className="nav">
          <ul>
            {NAV.map((item) => (
              <li key={item.id}>
                <Link to={item.to} current={item.pages.includes(route.page)} data-testid={`nav-${item.id}`}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="main">
        <Page route={route} />
      </main>
    </div>
  );
}
