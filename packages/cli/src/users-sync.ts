import {
  type CognitoIdentityProviderClient,
  ListGroupsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  type UserType,
} from "@aws-sdk/client-cognito-identity-provider";
import { type CognitoClaims, createUserSync, type GroupRoleMapping } from "@tollgate/cognito-permit";
import type { Permit } from "permitio";

export interface UsersSyncProgress {
  total: number;
  done: number;
  created: number;
  updated: number;
  failed: number;
}

export interface UsersSyncReport extends UsersSyncProgress {
  failures: { username: string; error: string }[];
  interrupted: boolean;
}

/** Every user of the pool, with their groups (one ListUsersInGroup per group, not one call per user). */
async function readPool(cognito: CognitoIdentityProviderClient, UserPoolId: string) {
  const users: UserType[] = [];
  let PaginationToken: string | undefined;
  do {
    const page = await cognito.send(new ListUsersCommand({ UserPoolId, Limit: 60, PaginationToken }));
    users.push(...(page.Users ?? []));
    PaginationToken = page.PaginationToken;
  } while (PaginationToken);
  const groupsOf = new Map<string, string[]>();
  let NextToken: string | undefined;
  do {
    const page = await cognito.send(new ListGroupsCommand({ UserPoolId, Limit: 60, NextToken }));
    for (const group of page.Groups ?? []) {
      let token: string | undefined;
      do {
        const members = await cognito.send(
          new ListUsersInGroupCommand({
            UserPoolId,
            GroupName: group.GroupName,
            Limit: 60,
            NextToken: token,
          }),
        );
        for (const u of members.Users ?? []) {
          const list = groupsOf.get(u.Username ?? "") ?? [];
          list.push(group.GroupName ?? "");
          groupsOf.set(u.Username ?? "", list);
        }
        token = members.NextToken;
      } while (token);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return users.map((u) => ({ user: u, groups: groupsOf.get(u.Username ?? "") ?? [] }));
}

/**
 * Imports every user of a user pool into the authorization service with the group → role mapping.
 * Each user is an idempotent sync, so an interrupted run is finished by running it again.
 */
export async function syncAllUsers(options: {
  cognito: CognitoIdentityProviderClient;
  userPoolId: string;
  permit: Permit;
  mapping: GroupRoleMapping;
  onProgress?: (p: UsersSyncProgress) => void;
  signal?: AbortSignal;
  concurrency?: number;
}): Promise<UsersSyncReport> {
  const entries = await readPool(options.cognito, options.userPoolId);
  const sync = createUserSync({ permit: options.permit, mapping: options.mapping, cacheSize: 0 });
  const report: UsersSyncReport = {
    total: entries.length,
    done: 0,
    created: 0,
    updated: 0,
    failed: 0,
    failures: [],
    interrupted: false,
  };
  options.onProgress?.(report);
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      if (options.signal?.aborted) {
        report.interrupted = true;
        return;
      }
      const { user, groups } = entries[next++]!;
      const attrs = Object.fromEntries((user.Attributes ?? []).map((a) => [a.Name ?? "", a.Value ?? ""]));
      const claims: CognitoClaims = {
        sub: attrs.sub ?? user.Username ?? "",
        token_use: "id",
        iss: options.userPoolId,
        exp: 0,
        iat: 0,
        email: attrs.email,
        name: attrs.name,
        given_name: attrs.given_name,
        family_name: attrs.family_name,
        "cognito:groups": groups,
      };
      try {
        const result = await sync.syncUser(claims);
        if (result.status === "created") report.created++;
        else report.updated++;
      } catch (err) {
        report.failed++;
        report.failures.push({ username: user.Username ?? "", error: (err as Error).message });
      }
      report.done++;
      options.onProgress?.(report);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return report;
}
