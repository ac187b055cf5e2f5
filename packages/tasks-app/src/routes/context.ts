import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { SessionCheck, TokenVerifier, UserSync } from "@tollgate/cognito-permit";
import type { Permit } from "permitio";
import type { TasksAppConfig } from "../config.ts";
import type { LiveHub } from "../live/hub.ts";
import type { TasksStore } from "../storage/tasks-store.ts";

/** What the routes work with; built once in app.ts. */
export interface AppContext {
  config: TasksAppConfig;
  verifier: TokenVerifier;
  /** Whether a verified token's session still stands (disabled, signed out, reset, deleted end it). */
  sessions: SessionCheck;
  permit: Permit;
  cognito: CognitoIdentityProviderClient;
  store: TasksStore;
  hub: LiveHub;
  sync: UserSync;
  removeUser: (sub: string, username?: string) => Promise<unknown>;
  /** Set by the app once its metrics registry exists. */
  metrics?: { syncs: { inc(labels: { status: string }): void } };
}
