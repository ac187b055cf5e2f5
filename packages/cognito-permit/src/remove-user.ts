import {
  AdminDeleteUserCommand,
  AdminUserGlobalSignOutCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import type { Permit } from "permitio";
import type { Tombstones } from "./tombstones.ts";

export type RemovalStep = "tombstone" | "global_sign_out" | "delete_from_user_pool" | "delete_from_permit";

export class UserRemovalError extends Error {
  readonly code = "USER_REMOVAL_INCOMPLETE";
  constructor(
    readonly sub: string,
    readonly completed: RemovalStep[],
    readonly failed: RemovalStep,
    override readonly cause: unknown,
  ) {
    super(
      `removing user ${sub} stopped at ${failed} (done: ${completed.join(", ") || "nothing"}): ${String((cause as Error)?.message ?? cause)}. Run the removal again to finish it.`,
    );
  }
}

export interface UserRemoverOptions {
  cognito: CognitoIdentityProviderClient;
  userPoolId: string;
  permit: Permit;
  tombstones?: Tombstones | undefined;
  /** Attempts per step before giving up (default 3), with a doubling delay from `retryDelayMs` (default 200). */
  attempts?: number | undefined;
  retryDelayMs?: number | undefined;
}

const isNotFound = (err: unknown) =>
  (err as { name?: string })?.name === "UserNotFoundException" ||
  (err as { response?: { status?: number } })?.response?.status === 404;

/**
 * Removes a user from both sides, the tutorial's step 2.3 done safely: tombstone (so a still-valid
 * token cannot sync them back), global sign-out (refresh tokens die), delete from the user pool,
 * delete from Permit. Each step is idempotent (already gone counts as done) and retried; a step that
 * keeps failing raises `UserRemovalError` naming what was done and what was not, and running the
 * removal again finishes the job.
 *
 * @example
 * ```ts
 * const remove = createUserRemover({ cognito, userPoolId, permit, tombstones });
 * await remove(claims.sub);
 * ```
 */
export function createUserRemover(options: UserRemoverOptions) {
  const attempts = options.attempts ?? 3;
  const delay = options.retryDelayMs ?? 200;

  const run = async (step: () => Promise<unknown>) => {
    let lastError: unknown;
    for (let i = 0; i < attempts; i++) {
      try {
        await step();
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        lastError = err;
        if (i < attempts - 1) await new Promise((r) => setTimeout(r, delay * 2 ** i));
      }
    }
    throw lastError;
  };

  /** `username` is the user-pool username when it is not the `sub` (Permit's key is always the `sub`). */
  return async function removeUser(
    sub: string,
    username = sub,
  ): Promise<{ sub: string; steps: RemovalStep[] }> {
    const steps: [RemovalStep, () => Promise<unknown>][] = [
      ["tombstone", async () => options.tombstones?.add(sub)],
      [
        "global_sign_out",
        () =>
          options.cognito.send(
            new AdminUserGlobalSignOutCommand({ UserPoolId: options.userPoolId, Username: username }),
          ),
      ],
      [
        "delete_from_user_pool",
        () =>
          options.cognito.send(
            new AdminDeleteUserCommand({ UserPoolId: options.userPoolId, Username: username }),
          ),
      ],
      ["delete_from_permit", () => options.permit.api.users.delete(sub)],
    ];
    const completed: RemovalStep[] = [];
    for (const [name, step] of steps) {
      try {
        await run(step);
      } catch (err) {
        throw new UserRemovalError(sub, completed, name, err);
      }
      completed.push(name);
    }
    return { sub, steps: completed };
  };
}
