import { followEventStream } from "@tollgate/contracts";

/**
 * Follows a Server-Sent Events stream with the shared reader and hands each event to a callback with
 * the moment it arrived (bench-side client). `ready` resolves on the stream's first `ready` event.
 */
export function followEvents(
  url: string,
  headers: Record<string, string>,
  onEvent: (event: string, data: string, at: number) => void,
): { ready: Promise<void>; close(): void } {
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const subscription = followEventStream({
    url: () => url,
    headers: () => headers,
    onEvent(message) {
      const at = performance.now();
      const event = message.event ?? "message";
      if (event === "ready") markReady();
      onEvent(event, message.data, at);
    },
  });
  return { ready, close: () => subscription.close() };
}
