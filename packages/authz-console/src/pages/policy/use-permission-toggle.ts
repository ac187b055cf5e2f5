import { useNotices } from "@tollgate/web-ui";
import { useCallback, useRef, useState } from "react";
import { seg } from "../../api/client.ts";
import { describeError } from "../../api/errors.ts";
import type { Role } from "../../api/types.ts";
import { useConsole } from "../../state/console-context.ts";
import { usePolicy } from "../../state/policy-store.tsx";

export const cellId = (role: string, permission: string) => `${role}\u0000${permission}`;

export interface SavedChange {
  role: string;
  permission: string;
  granted: boolean;
  version: number | undefined;
}

/**
 * Grants or revokes one permission of one role, optimistically: the checkbox shows the wanted state
 * at once; the server's answer (which comes after the change already applies to decisions) confirms
 * it; a failure puts it back and says why.
 */
export function usePermissionToggle() {
  const { api } = useConsole();
  const { putRole } = usePolicy();
  const notices = useNotices();
  // The ref answers "is this cell saving?" synchronously (a double click must not send twice);
  // the state copy renders.
  const inFlight = useRef(new Map<string, boolean>());
  const [pending, setPending] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [saved, setSaved] = useState<SavedChange | undefined>(undefined);

  const toggle = useCallback(
    async (role: Role, permission: string, granted: boolean) => {
      const id = cellId(role.key, permission);
      if (inFlight.current.has(id)) return;
      inFlight.current.set(id, granted);
      setPending(new Map(inFlight.current));
      const settle = () => {
        inFlight.current.delete(id);
        setPending(new Map(inFlight.current));
      };
      try {
        const res = await api.request<Role>(
          granted ? "POST" : "DELETE",
          api.schema(`/roles/${seg(role.key)}/permissions`),
          { permissions: [permission] },
        );
        putRole(res.body, res.version);
        settle();
        setSaved({ role: role.name, permission, granted, version: res.version });
      } catch (err) {
        settle();
        const what = granted
          ? `grant ${permission} to ${role.name}`
          : `revoke ${permission} from ${role.name}`;
        notices.error(`${describeError(err, what)} The checkbox has been set back.`);
      }
    },
    [api, putRole, notices],
  );

  return { pending, saved, toggle };
}
