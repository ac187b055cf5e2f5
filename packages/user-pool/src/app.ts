import type { AddressInfo } from "node:net";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import { installMetrics } from "@tollgate/metrics";
import { healthRoutes, jsonLogger } from "@tollgate/runtime";
import Fastify, { type FastifyInstance } from "fastify";
import { sql } from "kysely";
import { registerAdminApi } from "./admin-api/routes.ts";
import { databaseFile, type UserPoolConfig } from "./config.ts";
import { registerCors } from "./cors.ts";
import { AccountEvents } from "./domain/account-events.ts";
import { type Clock, systemClock } from "./domain/clock.ts";
import type { Logger, PoolContext } from "./domain/context.ts";
import { SigningKeys } from "./domain/signing-keys.ts";
import { SignInThrottle } from "./domain/throttle.ts";
import { registerAccountEventsStream } from "./events/route.ts";
import { registerHostedAssets } from "./hosted-ui/assets.ts";
import { registerConfirmPage } from "./hosted-ui/confirm-page.ts";
import { registerErrorPage } from "./hosted-ui/error-page.ts";
import { registerForgotPasswordPages } from "./hosted-ui/forgot-password-page.ts";
import { registerFormActionPolicy } from "./hosted-ui/form-action.ts";
import { registerLoginPage } from "./hosted-ui/login-page.ts";
import { registerMfaPages } from "./hosted-ui/mfa-pages.ts";
import { registerNewPasswordPage } from "./hosted-ui/new-password-page.ts";
import { registerSignupPage } from "./hosted-ui/signup-page.ts";
import { SigV4Verifier } from "./iam/sigv4.ts";
import { registerAuthorize } from "./oauth/authorize/route.ts";
import { registerDiscovery } from "./oauth/discovery.ts";
import { registerLogout } from "./oauth/logout.ts";
import { registerRevoke } from "./oauth/revoke.ts";
import { registerToken } from "./oauth/token/route.ts";
import { registerUserInfo } from "./oauth/userinfo.ts";
import { registerRateLimits } from "./rate-limits.ts";
import { openDatabase } from "./storage/database.ts";
import { createStores } from "./storage/stores.ts";
import { DefaultTriggerInvoker, type TriggerInvoker } from "./triggers/invoke.ts";

/** Options for {@link buildUserPoolApp}; everything but `config` has a production default. */
export interface UserPoolAppOptions {
  config: UserPoolConfig;
  /** Source of "now" (ms); tests move it to expire codes and tokens. */
  clock?: Clock;
  logger?: Logger;
  triggers?: TriggerInvoker;
  /** Fastify's own request logging, as the runtime's JSON lines (off by default: the pool logs what matters itself). */
  fastifyLogger?: boolean;
  /** Keep-alive interval of the account events stream (15 s; tests shorten it). */
  eventsKeepAliveMs?: number;
}

/** A console logger; confirmation codes and temporary passwords go here in local mode. */
export const consoleLogger: Logger = {
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
  error: (m, err) => console.error(m, err ?? ""),
};

const contexts = new WeakMap<FastifyInstance, PoolContext>();

/** The domain context behind an app built by {@link buildUserPoolApp} (for seeding and tests). */
export function userPoolContext(app: FastifyInstance): PoolContext {
  const ctx = contexts.get(app);
  if (ctx === undefined) throw new Error("not a user-pool app");
  return ctx;
}

/**
 * Builds the user pool's Fastify app without listening, so tests can `inject` or `listen` on port 0.
 * Opens (and migrates) the SQLite database and loads the signing keys; closing the app closes the database.
 *
 * @example
 * const app = await buildUserPoolApp({ config: loadUserPoolConfig({ TOLLGATE_DATA_DIR: dir }) });
 * const res = await app.inject({ method: "GET", url: "/us-east-1_abc/.well-known/jwks.json" });
 */
export async function buildUserPoolApp(options: UserPoolAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const db = await openDatabase(databaseFile(config));
  const stores = createStores(db);
  let baseUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  const ctx: PoolContext = {
    stores,
    keys: await SigningKeys.load(stores.signingKeys, clock()),
    now: clock,
    throttle: new SignInThrottle(),
    events: new AccountEvents(stores.accountEvents, clock),
    triggers: options.triggers ?? new DefaultTriggerInvoker(),
    log: options.logger ?? consoleLogger,
    region: config.region,
    accountId: "000000000000",
    scryptLog2N: config.scryptLog2N,
    showCodes: config.showCodes,
    baseUrl: () => baseUrl,
  };

  const app = Fastify({
    logger: options.fastifyLogger ? jsonLogger("info") : false,
    trustProxy: false,
    forceCloseConnections: true,
  });
  contexts.set(app, ctx);
  installMetrics(app, "tollgate_user_pool");
  await app.register(cookie);
  await app.register(formbody);
  await registerRateLimits(app, config.rateLimits);
  // Anything else arrives as text, so each surface can answer a wrong content type in its own vocabulary.
  app.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => done(null, body));

  app.addHook("onListen", async () => {
    // With no public URL configured, the issuer follows the port actually bound (port 0 in tests).
    if (config.publicUrl === undefined)
      baseUrl = `http://localhost:${(app.server.address() as AddressInfo).port}`;
  });
  const housekeeping = setInterval(() => {
    void stores.authCodes.deleteExpired(clock() - 86400_000);
    void ctx.events.prune();
  }, 10 * 60_000);
  housekeeping.unref();
  app.addHook("onClose", async () => {
    clearInterval(housekeeping);
    await db.destroy();
  });

  registerCors(app);
  const sigv4 = new SigV4Verifier({ credentials: config.iamCredentials, region: config.region, now: clock });
  registerAdminApi(app, ctx, sigv4);
  registerAccountEventsStream(app, ctx, sigv4, options.eventsKeepAliveMs);
  registerDiscovery(app, ctx);
  registerAuthorize(app, ctx);
  registerToken(app, ctx);
  registerUserInfo(app, ctx);
  registerRevoke(app, ctx);
  registerLogout(app, ctx);
  registerFormActionPolicy(app);
  registerLoginPage(app, ctx);
  registerSignupPage(app, ctx);
  registerConfirmPage(app, ctx);
  registerNewPasswordPage(app, ctx);
  registerMfaPages(app, ctx);
  registerForgotPasswordPages(app, ctx);
  registerErrorPage(app);
  registerHostedAssets(app);
  // Live while the process answers; ready while its database does (the keys are loaded by now).
  await app.register(healthRoutes, {
    checks: {
      storage: async () => {
        try {
          await sql`select 1`.execute(db);
        } catch {
          return "storage is unreachable";
        }
      },
    },
  });
  return app;
}
