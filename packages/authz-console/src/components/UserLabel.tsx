import type { User } from "../api/types.ts";
import type { KnownUser } from "../state/user-directory.ts";

/** "Eddie Editor", or the e-mail when there is no name, or undefined when neither is known. */
export function personName(u: Pick<User, "email" | "first_name" | "last_name"> | null | undefined) {
  if (!u) return undefined;
  const name = [u.first_name, u.last_name].filter(Boolean).join(" ");
  return name || u.email || undefined;
}

/**
 * A user as a person reads them: name and e-mail first, the key (usually a Cognito `sub`) beneath.
 * While the lookup runs, or for a user who was never synced, the key alone.
 */
export function UserLabel({ userKey, user }: { userKey: string; user: KnownUser | undefined }) {
  const name = personName(user);
  const email = user?.email && user.email !== name ? user.email : undefined;
  return (
    <span className="user-label" data-testid="user-label" data-key={userKey}>
      {name && (
        <span className="user-label-name" dir="auto">
          {name}
        </span>
      )}
      {email && (
        <span className="user-label-email" dir="auto">
          {email}
        </span>
      )}
      <code className={name ? "user-label-key" : undefined}>{userKey}</code>
      {user === null && <span className="user-label-missing">not synced</span>}
    </span>
  );
}
