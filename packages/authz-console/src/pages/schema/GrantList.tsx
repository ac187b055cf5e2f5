/** What a deletion takes with it: role → the permissions it loses. */
export function GrantList({
  grants,
  roleName,
  empty,
}: {
  grants: { role: string; permissions: string[] }[];
  roleName(key: string): string;
  empty: string;
}) {
  if (grants.length === 0) return <p>{empty}</p>;
  return (
    <>
      <p>These permissions go with it:</p>
      <ul className="grant-list" data-testid="delete-grants">
        {grants.map((g) => (
          <li key={g.role}>
            <strong>{roleName(g.role)}</strong>:{" "}
            {g.permissions.map((p, i) => (
              <span key={p}>
                {i > 0 && ", "}
                <code>{p}</code>
              </span>
            ))}
          </li>
        ))}
      </ul>
    </>
  );
}
