import { followEventStream } from "@tollgate/contracts";

export interface OpenedStream {
  /** The events' names in order (`message` for unnamed ones). */
  events: string[];
  /** True once the server closed or refused the stream (it is not reopened). */
  ended(): boolean;
  close(): void;
}

/**
 * A user's live stream read with the shared reader, without reconnecting: tests want to see the
 * server end it.
 */
export function openLiveStream(url: string, token: string): OpenedStream {
  const events: string[] = [];
  let ended = false;
  const subscription = followEventStream({
    url: () => url,
    headers: () => ({ authorization: `Bearer ${token}` }),
    onEvent: (m) => events.push(m.event ?? "message"),
    onRefused: () => {
      ended = true;
      return "stop";
    },
    onError: () => {
      ended = true;
      subscription.close();
    },
  });
  return { events, ended: () => ended, close: () => subscription.close() };
}
