import type { Logger } from "../domain/context.ts";
import { CognitoError } from "../domain/errors.ts";

/** An error as the AWS JSON 1.1 protocol puts it on the wire. */
export interface AwsWireError {
  status: number;
  type: string;
  message: string;
}

/**
 * The one place admin-API failures become wire errors. Cognito exceptions pass through as 400 with their
 * name in `__type`; anything else is a bug on our side and becomes InternalErrorException (500) with a
 * generic message, so internals never reach the caller. (The SDK retries 500s, which is what AWS intends.)
 */
export function toAwsError(err: unknown, log: Logger): AwsWireError {
  if (err instanceof CognitoError)
    return {
      status: err.type === "TooManyRequestsException" ? 429 : 400,
      type: err.type,
      message: err.message,
    };
  log.error("user-pool: unexpected error in the admin API", err);
  return { status: 500, type: "InternalErrorException", message: "Internal error" };
}
