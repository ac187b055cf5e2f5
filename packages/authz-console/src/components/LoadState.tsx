import { describeError } from "../api/errors.ts";

/** The two in-between states of a list: still loading, or failed with a retry. */
export function LoadState({
  loading,
  error,
  what,
  onRetry,
}: {
  loading: boolean;
  error: unknown;
  what: string;
  onRetry(): void;
}) {
  if (error !== undefined) {
    return (
      <div className="load-error" role="alert" data-testid="load-error">
        <p>{describeError(error, `load ${what}`)}</p>
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  if (loading) {
    return (
      <p className="muted" data-testid="loading">
        Loading {what}…
      </p>
    );
  }
  return null;
}
