import type { ReactNode } from "react";
import { LogoMark } from "./icons.tsx";

/** A whole-page message for the moments there is no app to show: starting, redirecting, removed, failed. */
export function StatusScreen({
  title,
  children,
  busy = false,
  testId,
}: {
  title: string;
  children?: ReactNode;
  busy?: boolean;
  testId: string;
}) {
  return (
    <main className="status-screen" data-testid={testId}>
      <div className="status-card" aria-busy={busy || undefined}>
        <span className="status-brand">
          <LogoMark />
          Tollgate Tasks
        </span>
        <h1>{title}</h1>
        {busy && <span className="spinner" aria-hidden="true" />}
        {children}
      </div>
    </main>
  );
}
