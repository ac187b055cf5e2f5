import type { Stores } from "../storage/stores.ts";
import type { TriggerInvoker } from "../triggers/invoke.ts";
import type { AccountEvents } from "./account-events.ts";
import type { Clock } from "./clock.ts";
import type { SigningKeys } from "./signing-keys.ts";
import type { SignInThrottle } from "./throttle.ts";

/** Where the user pool says what it did (startup banner, confirmation codes, trigger warnings). */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

/** Everything a domain operation needs, assembled once per server. */
export interface PoolContext {
  stores: Stores;
  keys: SigningKeys;
  now: Clock;
  throttle: SignInThrottle;
  /** Announces disable, sign-out, password reset and delete to `/_tollgate/pools/{id}/events`. */
  events: AccountEvents;
  triggers: TriggerInvoker;
  log: Logger;
  region: string;
  /** Account id in ARNs; local pools have no account. */
  accountId: string;
  scryptLog2N: number;
  showCodes: boolean;
  /** Public base URL (no trailing slash); resolved after listen when it follows the bound port. */
  baseUrl(): string;
}

/** `<baseUrl>/<poolId>`: the `iss` of every token from the pool. */
export function issuerOf(ctx: PoolContext, poolId: string): string {
  return `${ctx.baseUrl()}/${poolId}`;
}
