import { LockIcon } from "./icons.tsx";

/** "add, rename or delete" */
export function joinOr(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

/**
 * The visible reason some controls are missing or disabled: a sentence, not just an absent
 * button, so people know it is their role and not a bug.
 */
export function PermissionNote({ cannot, noun, testId }: { cannot: string[]; noun: string; testId: string }) {
  if (cannot.length === 0) return null;
  return (
    <p className="permission-note" data-testid={testId}>
      <LockIcon />
      <span>
        Your role can't {joinOr(cannot)} {noun}. Ask an admin if you need to.
      </span>
    </p>
  );
}

/** A whole screen the user's role does not reach. */
export function Denied({ title, children, testId }: { title: string; children: string; testId: string }) {
  return (
    <div className="denied" data-testid={testId}>
      <LockIcon />
      <h2>{title}</h2>
      <p>{children}</p>
    </div>
  );
}
