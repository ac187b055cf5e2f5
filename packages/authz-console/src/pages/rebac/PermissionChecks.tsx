import type { Resource } from "../../api/types.ts";

/** One checkbox per action of the resource: the permissions of a resource role. */
export function PermissionChecks({
  resource,
  legend,
  picked,
  onChange,
  describedBy,
  testId,
}: {
  resource: Resource;
  legend: string;
  picked: string[];
  onChange(next: string[]): void;
  describedBy?: string | undefined;
  testId: string;
}) {
  const actions = Object.values(resource.actions);
  return (
    <fieldset className="checks rebac-perm-checks" aria-describedby={describedBy} data-testid={testId}>
      <legend>{legend}</legend>
      {actions.length === 0 && <p className="muted">The resource has no actions yet.</p>}
      {actions.map((a) => (
        <label key={a.key} className="check">
          <input
            type="checkbox"
            checked={picked.includes(a.key)}
            onChange={(e) =>
              onChange(e.target.checked ? [...picked, a.key] : picked.filter((p) => p !== a.key))
            }
            data-testid={`${testId}-${a.key}`}
          />
          <code>{a.key}</code>
        </label>
      ))}
    </fieldset>
  );
}
