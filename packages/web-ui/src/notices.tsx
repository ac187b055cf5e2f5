import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from "react";

export type NoticeTone = "success" | "info" | "error";

interface Notice {
  id: number;
  tone: NoticeTone;
  text: string;
}

export interface Notices {
  /** A confirmation ("success" unless told otherwise) or, with tone "error", a failure. */
  notify(text: string, tone?: NoticeTone): void;
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

export interface NoticesProviderProps {
  children: ReactNode;
  /** How long a confirmation stays; failures stay until dismissed, so nobody misses one. */
  fadeMs?: number;
  /**
   * How many messages stay up: a number for all of them (the oldest makes room), or a number for
   * failures and one for the rest (the oldest of the same kind makes room).
   */
  keep?: number | { errors: number; others: number };
  /** The dismiss button's class and accessible name. */
  dismissClassName?: string;
  dismissLabel?: string;
}

/**
 * Messages about what just happened. Both live regions are always in the page, since screen
 * readers only announce changes to regions that already exist: confirmations politely
 * (role="status"), failures at once (role="alert").
 */
export function NoticesProvider({
  children,
  fadeMs = 5000,
  keep = 4,
  dismissClassName = "notice-close",
  dismissLabel = "Dismiss",
}: NoticesProviderProps) {
  const [items, setItems] = useState<Notice[]>([]);
  const nextId = useRef(1);
  const limits = useRef({ fadeMs, keep });
  limits.current = { fadeMs, keep };

  const dismiss = useCallback((id: number) => setItems((all) => all.filter((n) => n.id !== id)), []);

  const notify = useCallback(
    (text: string, tone: NoticeTone = "success") => {
      const id = nextId.current++;
      const { fadeMs, keep } = limits.current;
      setItems((all) => {
        const kept = all.filter((n) => n.text !== text);
        if (typeof keep === "number") return [...kept, { id, tone, text }].slice(-keep);
        const same = kept.filter((n) => (n.tone === "error") === (tone === "error"));
        const dropped =
          same.length >= (tone === "error" ? keep.errors : keep.others) ? same[0]?.id : undefined;
        return [...kept.filter((n) => n.id !== dropped), { id, tone, text }];
      });
      if (tone !== "error") setTimeout(() => dismiss(id), fadeMs);
    },
    [dismiss],
  );

  const value = useMemo<Notices>(
    () => ({
      notify,
      success: (text) => notify(text, "success"),
      info: (text) => notify(text, "info"),
      error: (text) => notify(text, "error"),
    }),
    [notify],
  );

  const render = (n: Notice) => (
    <div key={n.id} className={`notice notice-${n.tone}`} data-testid={`notice-${n.tone}`}>
      <p>{n.text}</p>
      <button
        type="button"
        className={dismissClassName}
        onClick={() => dismiss(n.id)}
        aria-label={dismissLabel}
      >
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );

  return (
    <NoticesContext.Provider value={value}>
      {children}
      <section className="notices" aria-label="Messages">
        <div role="alert" className="notice-stack" data-testid="notices-alert">
          {items.filter((n) => n.tone === "error").map(render)}
        </div>
        <div role="status" className="notice-stack" data-testid="notices-status">
          {items.filter((n) => n.tone !== "error").map(render)}
        </div>
      </section>
    </NoticesContext.Provider>
  );
}
