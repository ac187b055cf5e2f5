import type { PoolContext } from "../domain/context.ts";
import type { Input } from "../domain/input.ts";

/** One JSON 1.1 operation: AWS-shaped input in, AWS-shaped output out (`{}` for empty outputs). */
export type Operation = (ctx: PoolContext, input: Input) => Promise<Record<string, unknown>>;

/** Operations registered by their X-Amz-Target name. */
export type OperationTable = Record<string, Operation>;
