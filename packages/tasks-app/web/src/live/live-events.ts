import type { LiveTopic } from "@tollgate/contracts";
import { createContext, useContext, useEffect, useRef, useState } from "react";
import { type LiveStatus, runLiveStream } from "./stream.ts";

/** What the server's events ask the UI to re-read. */
export type { LiveTopic };

export interface LiveEvents {
  status: LiveStatus;
  subscribe(topic: LiveTopic, listener: () => void): () => void;
}

/**
 * Keeps one event stream open per access token and fans its events out to whoever listens. After
 * a reconnect every topic fires, since anything may have changed while the connection was down.
 */
export function useLiveConnection(
  token: string,
  handlers: { onRemoved(): void; onUnauthorized(): void },
): LiveEvents {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const listeners = useRef(new Map<LiveTopic, Set<() => void>>());
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const connectedBefore = useRef(false);

  useEffect(() => {
    const emit = (topic: LiveTopic) => {
      for (const listener of listeners.current.get(topic) ?? []) listener();
    };
    const controller = new AbortController();
    runLiveStream({
      token,
      signal: controller.signal,
      onStatus: setStatus,
      onUnauthorized: () => handlersRef.current.onUnauthorized(),
      onEvent: ({ event }) => {
        if (event === "ready") {
          if (connectedBefore.current) {
            emit("permissions");
            emit("tasks");
            emit("users");
          }
          connectedBefore.current = true;
        } else if (event === "permissions" || event === "tasks" || event === "users") {
          emit(event);
        } else if (event === "removed") {
          handlersRef.current.onRemoved();
        }
      },
    });
    return () => controller.abort();
  }, [token]);

  const [events] = useState(() => ({
    subscribe(topic: LiveTopic, listener: () => void) {
      let set = listeners.current.get(topic);
      if (!set) {
        set = new Set();
        listeners.current.set(topic, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  }));
  return { status, subscribe: events.subscribe };
}

export const LiveContext = createContext<LiveEvents | null>(null);

export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext)?.status ?? "connecting";
}

/** Runs `listener` (its latest version) whenever the server says `topic` changed. */
export function useLiveTopic(topic: LiveTopic, listener: () => void): void {
  const subscribe = useContext(LiveContext)?.subscribe;
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => subscribe?.(topic, () => latest.current()), [subscribe, topic]);
}
