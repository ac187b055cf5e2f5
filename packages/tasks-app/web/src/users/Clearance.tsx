import type { ClearanceList, PoolUser } from "@tollgate/contracts";
import { useNotices } from "@tollgate/web-ui";
import { useCallback, useEffect, useId, useState } from "react";
import { useApi } from "../api/api-context.ts";
import { describeError } from "../api/errors.ts";
import { useLiveTopic } from "../live/live-events.ts";

/** Each user's `clearance` attribute (held by the authorization service), for admins. */
export function useClearances(enabled: boolean) {
  const api = useApi();
  const [clearances, setClearances] = useState<Record<string, string>>({});
  const refresh = useCallback(() => {
    if (!enabled) return;
    api.get<ClearanceList>("/api/clearances").then(
      (body) => setClearances(body.clearances),
      () => undefined,
    );
  }, [api, enabled]);
  useEffect(refresh, [refresh]);
  useLiveTopic("users", refresh);
  return { clearances, refresh };
}

/**
 * The clearance select in the users screen: `high` lets the person see confidential tasks (the
 * policy's `high_clearance` rule); `standard` does not.
 */
export function ClearanceSelect({
  user,
  value,
  onSaved,
}: {
  user: PoolUser;
  value: string | undefined;
  onSaved(): void;
}) {
  const api = useApi();
  const notices = useNotices();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const label = user.name || user.email;
  return (
    <>
      <label htmlFor={id} className="visually-hidden">
        Clearance for {label}
      </label>
      <select
        id={id}
        className="select select-compact"
        value={value === "high" ? "high" : "standard"}
        disabled={busy}
        onChange={(e) => {
          setBusy(true);
          api
            .put(`/api/users/${encodeURIComponent(user.username)}/clearance`, { clearance: e.target.value })
            .then(
              () => notices.notify(`Clearance for ${label} saved.`),
              (err: unknown) => notices.error(describeError(err, "change clearance")),
            )
            .finally(() => {
              setBusy(false);
              onSaved();
            });
        }}
        data-testid="user-clearance-select"
      >
        <option value="standard">Standard</option>
        <option value="high">High (sees confidential)</option>
      </select>
    </>
  );
}
