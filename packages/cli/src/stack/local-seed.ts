/**
 * The local user pool's contents: fixed ids (so the app's configuration is known before the pool
 * exists), the tasks app's public SPA client, the tutorial's groups, and one demo user per group.
 */
export const LOCAL_POOL_ID = "us-east-1_Tollgate1";
export const LOCAL_CLIENT_ID = "tollgatetasksappspaclient1";
export const DEMO_PASSWORD = "Tollgate-Demo-1";
export const DEMO_USERS = [
  { email: "admin@example.com", name: "Ada Admin", group: "admin" },
  { email: "editor@example.com", name: "Eddie Editor", group: "editor" },
  { email: "viewer@example.com", name: "Vera Viewer", group: "viewer" },
] as const;

export function localSeed(appUrl: string) {
  return {
    pools: [
      {
        id: LOCAL_POOL_ID,
        name: "tollgate-local",
        usernameAttributes: ["email"],
        autoVerifiedAttributes: ["email"],
        clients: [
          {
            id: LOCAL_CLIENT_ID,
            name: "tasks-app",
            callbackUrls: [`${appUrl}/callback`],
            logoutUrls: [`${appUrl}/`],
            oauthFlows: ["code"],
            oauthScopes: ["openid", "email", "profile"],
            // As the AWS console does for new clients: sign-in and reset do not reveal who has an account.
            preventUserExistenceErrors: "ENABLED",
          },
        ],
        groups: [
          { name: "admin", description: "Everything, including managing users", precedence: 1 },
          { name: "editor", description: "Works on tasks", precedence: 2 },
          { name: "viewer", description: "Reads tasks", precedence: 3 },
        ],
        users: DEMO_USERS.map((u) => ({
          username: u.email,
          password: DEMO_PASSWORD,
          attributes: { email: u.email, name: u.name },
          groups: [u.group],
        })),
      },
    ],
  };
}
