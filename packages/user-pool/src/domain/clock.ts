/** Milliseconds since the epoch. Injected so tests can expire codes and tokens without waiting. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** Epoch seconds, the unit of JWT times and of the AWS JSON timestamps. */
export function epochSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
