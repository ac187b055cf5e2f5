import type { PublicConfig } from "@tollgate/contracts";

/** What `GET /api/config` tells the SPA: where to sign in, and how the server delivers live changes. */
export type AppConfig = PublicConfig;

/** Loads the app's public configuration; the SPA has no build-time settings so one build runs anywhere. */
export async function loadConfig(): Promise<AppConfig> {
  const res = await fetch("/api/config", { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`the server answered ${res.status} for its configuration`);
  return (await res.json()) as AppConfig;
}
