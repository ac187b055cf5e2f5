import type { PolicyEngine } from "@tollgate/policy";
import type { ChangeFeed } from "../changes/change-feed.ts";
import type { Store } from "../storage/store.ts";
import type { SnapshotSync } from "./snapshot-sync.ts";

/** The ids the API key is scoped to; the SDK puts project and environment into every path. */
export interface Scope {
  organization_id: string;
  project_id: string;
  environment_id: string;
  /** Slugs accepted in paths in place of the ids, as Permit accepts keys or ids. */
  project_key: string;
  environment_key: string;
}

/** Everything a management operation needs: durable storage, the live snapshot, the change feed. */
export interface AuthzCore {
  store: Store;
  engine: PolicyEngine;
  feed: ChangeFeed;
  /** Keeps `engine` current with the change log; `sync.version` is the snapshot's version. */
  sync: SnapshotSync;
  scope: Scope;
  now(): string;
}

/** What a write returns: its result and the policy version that contains it. */
export interface Committed<T> {
  value: T;
  version: number;
}
