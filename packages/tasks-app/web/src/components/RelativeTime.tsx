import { absoluteTime, relativeTime, useNow } from "./time.ts";

/** A relative time with the exact one as its machine-readable value and tooltip. */
export function RelativeTime({ iso }: { iso: string }) {
  const now = useNow();
  return (
    <time dateTime={iso} title={absoluteTime(iso)}>
      {relativeTime(iso, now)}
    </time>
  );
}
