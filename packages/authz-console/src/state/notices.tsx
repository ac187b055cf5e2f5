import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from "react";

export type Tone = "success" | "info" | "error";

interface Notice {
  id: number;
  tone: Tone;
  text: string;
}

export interface Notices {
  success(text: string): void;
  info(text: string): void;
  error(text: string): void;
}

const NoticesContext = createContext<Notices | null>(null);

export function useNotices(): Notices {
  const value = useContext(NoticesContext);
  if (!value) throw new Error("useNotices outside NoticesProvider");
  return value;
}

const FADE_MS = 5000;
const KEEP = 4;

/**
 * Messages about what just happened. Both live regions exist from the start (screen readers only
 * announce changes to regions already in the page): confirmations politely, failures at once.
 * Failures stay until dismissed, so nobody misses that something did not happen.
 */
export function NoticesProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<Notice[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setItems((all) => all.filter((n) => n.id !== id)), []);
  const push = useCallback(
    (tone: Tone, text: string) => {
      const id = next.current++;
      setItems((all) => [...all.filter((n) => n.text !== text), { id, tone, text }].slice(-KEEP));
      if (tone !== "error") setTimeout(() => dismiss(id), FADE_MS);
    },
    [dismiss],
  );
  const value = useMemo<Notices>(
    () => ({
      success: (t) => push("success", t),
      info: (t) => push("info", t),
      error: (t) => push("error", t),
    }),
    [push],
  );
  const show = (n: Notice) => (
    <div key={n.id} className={`notice notice-${n.tone}`} data-testid={`notice-${n.tone}`}>
      <p>{n.text}</p>
      <button type="button" className="notice-close" onClick={() => dismiss(n.id)} aria-label="Dismiss">
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
  return (
    <NoticesContext.Provider value={value}>
      {children}
      <section className="notices" aria-label="Messages">
        <div role="alert" className="notice-stack" data-testid="notices-alert">
          {items.filter((n) => n.tone === "error").map(show)}
        </div>
        <div role="status" className="notice-stack" data-testid="notices-status">
          {items.filter((n) => n.tone !== "error").map(show)}
        </div>
      </section>
    </NoticesContext.Provider>
  );
}
