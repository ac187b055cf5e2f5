import type { LoadRequest } from "../lib/load-spec.ts";
import type { CheckSample } from "./samples.ts";

/** A PDP under load: where it listens, the rotating requests (one per sample), how to read a decision. */
export interface PdpTarget {
  name: string;
  url: string;
  /** The server's process id, to measure the CPU it spends (see proc-cpu.ts). */
  pid: number | undefined;
  requests: LoadRequest[];
  readAllow(body: unknown, sample: CheckSample): boolean;
}
