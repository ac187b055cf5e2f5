import { useEffect, useId, useRef, useState } from "react";
import type { AuditEntry, Paginated } from "../../api/types.ts";
import { LoadState } from "../../components/LoadState.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { Pager } from "../../components/Pager.tsx";
import { personName, UserLabel } from "../../components/UserLabel.tsx";
import { explainDecision, reasonTitle } from "../../model/reasons.ts";
import { useConsole } from "../../state/console-context.ts";
import { useLoader } from "../../state/use-loader.ts";
import { useUsers } from "../../state/user-directory.ts";
import { resolveUser } from "../tester/UserPicker.tsx";
import { type AuditFilter, AuditFilters, NO_FILTER } from "./AuditFilters.tsx";

const PER_PAGE = 50;
const TAIL_MS = 1000;
/** The live tail keeps this many rows on the first page; older ones are a page away. */
const MAX_ROWS = 200;

function query(filter: AuditFilter) {
  return {
    user: filter.user || undefined,
    action: filter.action || undefined,
    resource: filter.resource || undefined,
    tenant: filter.tenant || undefined,
    decision: filter.decision || undefined,
  };
}

const time = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" });
};

/** Recent decisions, newest first, with why; the first page follows new ones as they happen. */
export function AuditPage() {
  const { api } = useConsole();
  const [filter, setFilter] = useState<AuditFilter>(NO_FILTER);
  const [page, setPage] = useState(1);
  const [live, setLive] = useState(true);
  const [rows, setRows] = useState<AuditEntry[]>([]);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [fresh, setFresh] = useState<ReadonlySet<number>>(new Set());
  const newest = useRef(0);
  const liveId = useId();
  const people = useUsers(rows.map((e) => e.user));
  const loaded = useLoader(
    (signal) =>
      api.get<Paginated<AuditEntry>>(
        api.pdps("/audit_logs"),
        { ...query(filter), page, per_page: PER_PAGE },
        signal,
      ),
    [api, filter, page],
  );

  useEffect(() => {
    if (!loaded.data) return;
    setRows(loaded.data.data);
    setTotal(loaded.data.total_count);
    setFresh(new Set());
    newest.current = loaded.data.data[0]?.id ?? newest.current;
  }, [loaded.data]);

  // The live tail: every second, whatever is newer than the newest row shown (same filters).
  useEffect(() => {
    if (!live || page !== 1 || !loaded.data) return;
    const controller = new AbortController();
    let busy = false;
    const timer = setInterval(async () => {
      if (busy) return;
      busy = true;
      try {
        const next = await api.get<Paginated<AuditEntry>>(
          api.pdps("/audit_logs"),
          { ...query(filter), after_id: newest.current, per_page: 100 },
          controller.signal,
        );
        if (next.total_count > next.data.length) {
          // More arrived in a second than one request brings: re-read the first page rather than leave a gap.
          loaded.reload();
        } else if (next.data.length > 0) {
          newest.current = Math.max(newest.current, next.data[0]!.id);
          setRows((current) => [...next.data, ...current].slice(0, MAX_ROWS));
          setTotal((t) => (t ?? 0) + next.total_count);
          setFresh(new Set(next.data.map((e) => e.id)));
        }
      } catch {
        // a missed beat; the next one catches up
      } finally {
        busy = false;
      }
    }, TAIL_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [api, live, page, filter, loaded.data, loaded.reload]);

  return (
    <>
      <PageHeader title="Audit log">
        Every decision the service made, newest first, and the reason for it.
      </PageHeader>
      <AuditFilters
        value={filter}
        onApply={async (f) => {
          // The log records keys (usually Cognito subs); a person types an e-mail.
          const user = f.user ? await resolveUser(api, f.user, undefined) : "";
          setFilter(f === NO_FILTER ? f : { ...f, user });
          setPage(1);
        }}
      />
      <div className="toolbar">
        <div className="check">
          <input
            id={liveId}
            type="checkbox"
            checked={live}
            onChange={(e) => setLive(e.target.checked)}
            data-testid="audit-live"
          />
          <label htmlFor={liveId}>Live tail (first page follows new decisions every second)</label>
        </div>
        <p className="result-count" data-testid="audit-count">
          {total !== undefined && `${total.toLocaleString("en-US")} decision(s)`}
          {live && page === 1 && <span className="live-note"> · following</span>}
        </p>
      </div>
      <LoadState
        loading={loaded.loading && !loaded.data}
        error={loaded.error}
        what="the audit log"
        onRetry={loaded.reload}
      />
      {loaded.data && (
        <div className="table-wrap">
          <table className="table audit-table" data-testid="audit-table">
            <caption className="visually-hidden">Decisions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">User</th>
                <th scope="col">Action</th>
                <th scope="col">Resource</th>
                <th scope="col">Tenant</th>
                <th scope="col">Decision</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted">
                    No decisions {filter === NO_FILTER ? "yet" : "match these filters"}.
                  </td>
                </tr>
              )}
              {rows.map((e) => (
                <tr
                  key={e.id}
                  className={fresh.has(e.id) ? "row-fresh" : undefined}
                  data-testid="audit-row"
                  data-id={e.id}
                  data-decision={e.allow ? "allow" : "deny"}
                >
                  <td>
                    <time dateTime={e.at}>{time(e.at)}</time>
                  </td>
                  <td>
                    <UserLabel userKey={e.user} user={people.get(e.user)} />
                  </td>
                  <td>{e.action}</td>
                  <td>
                    {e.resource_type}
                    {e.resource_key && <span className="sub">{e.resource_key}</span>}
                  </td>
                  <td>{e.tenant}</td>
                  <td>
                    <span className={`decision decision-${e.allow ? "allow" : "deny"}`}>
                      {e.allow ? "Allowed" : "Denied"}
                    </span>
                  </td>
                  <td className="reason">
                    <span className="reason-code">{reasonTitle(e.reason)}</span>
                    <span className="sub">
                      {explainDecision({
                        allow: e.allow,
                        reason: e.reason,
                        user: personName(people.get(e.user)) ?? e.user,
                        action: e.action,
                        resource: e.resource_type,
                        tenant: e.tenant,
                      })}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {loaded.data && (
        <Pager
          page={page}
          pageCount={Math.ceil((total ?? 0) / PER_PAGE)}
          total={total}
          label="Audit log"
          onPage={setPage}
        />
      )}
    </>
  );
}
