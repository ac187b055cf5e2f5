import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from "react";

export type NoticeTone = "success" | "info" | "error";

interface Notice {
  id: number;
  tone: NoticeTone;
  text: string;
}

export interface Notices {
  notify(text: string, tone?: NoticeTone): void;
  error(text: string): void;
}

const NoticesContext = createContext<Notices | null>(null);

export function useNotices(): Notices {
  const value = useContext(NoticesContext);
  if (!value) throw new Error("useNotices outside NoticesProvider");
  return value;
}

/** Confirmations fade; errors stay until dismissed so nobody misses that something failed. */
const INFO_MS = 6000;
const MAX_ERRORS = 4;
const MAX_INFO = 3;

/**
 * Messages for everything the app does in the background or on the user's behalf. Both live
 * regions are always in the page, since screen readers only announce changes to regions that
 * already exist: confirmations politely (role="status"), failures at once (role="alert").
 */
export function NoticesProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<Notice[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setItems((all) => all.filter((n) => n.id !== id)), []);

  const notify = useCallback(
    (text: string, tone: NoticeTone = "success") => {
      const id = nextId.current++;
      setItems((all) => {
        const kept = all.filter((n) => n.text !== text);
        // Keep the stack short: the oldest message of the same kind makes room.
        const same = kept.filter((n) => (n.tone === "error") === (tone === "error"));
        const dropped = same.length >= (tone === "error" ? MAX_ERRORS : MAX_INFO) ? same[0]?.id : undefined;
        return [...kept.filter((n) => n.id !== dropped), { id, tone, text }];
      });
      if (tone !== "error") setTimeout(() => dismiss(id), INFO_MS);
    },
    [dismiss],
  );

  const value = useMemo<Notices>(() => ({ notify, error: (text) => notify(text, "error") }), [notify]);
  const polite = items.filter((n) => n.tone !== "error");
  const urgent = items.filter((n) => n.tone === "error");

  const render = (n: Notice) => (
    <div key={n.id} className={`notice notice-${n.tone}`} data-testid={`notice-${n.tone}`}>
      <p>{n.text}</p>
      <button
        type="button"
        className="notice-dismiss"
        onClick={() => dismiss(n.id)}
        aria-label="Dismiss message"
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
          {urgent.map(render)}
        </div>
        <div role="status" className="notice-stack" data-testid="notices-status">
          {polite.map(render)}
        </div>
      </section>
    </NoticesContext.Provider>
  );
}
