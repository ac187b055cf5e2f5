/** What `run.ts` passes to every benchmark module. */
export interface BenchOptions {
  /** Shorter durations and fewer repetitions, for a smoke run. */
  quick: boolean;
  /** Write a CPU profile of the Tollgate server during the PDP load. */
  profile: boolean;
}

/** The data size the issue asks for; the PDP bench may load fewer users if loading is too slow. */
export const USERS = 100_000;
export const TENANTS = 1_000;
