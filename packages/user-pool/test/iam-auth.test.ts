/**
 * Issue 9.1: the operations AWS reserves for IAM callers need a SigV4 signature, in both modes, and no
 * web page can reach them through a visitor's browser.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  ListUserPoolsCommand,
  ListUsersCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { browserSkip } from "@tollgate/testkit/browser";
import { type Browser, chromium } from "playwright-core";
import { PASSWORD, rejectsWith, startTestPool, type TestPool } from "./harness.ts";

const POOL_ID = "us-east-1_IamAuth001";
const CLIENT_ID = "iamauthclient0000000000000";
const KEYS = { accessKeyId: "AKIATOLLGATETEST0001", secretAccessKey: "tollgate-test-secret-key-0001" };
const seed = {
  pools: [
    {
      id: POOL_ID,
      name: "iam",
      clients: [{ id: CLIENT_ID, name: "spa" }],
      groups: [{ name: "admin" }],
      users: [{ username: "alice", password: PASSWORD, attributes: { email: "alice@example.com" } }],
    },
  ],
};

function sdk(
  url: string,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  extra = {},
) {
  return new CognitoIdentityProviderClient({
    endpoint: url,
    region: "us-east-1",
    credentials,
    maxAttempts: 1,
    ...extra,
  });
}

function raw(url: string, operation: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `AWSCognitoIdentityProviderService.${operation}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

async function errorType(res: Response): Promise<string> {
  assert.equal(res.status, 400);
  return ((await res.json()) as { __type: string }).__type;
}

describe("default mode: any key, but a well-formed signature", () => {
  let pool: TestPool;
  before(async () => {
    pool = await startTestPool({ seed });
  });
  after(() => pool.cleanup());

  test("the AWS SDK with dummy keys works; public operations need no signature", async () => {
    const client = sdk(pool.url, { accessKeyId: "anything", secretAccessKey: "whatever" });
    const { UserPools } = await client.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    assert.ok(UserPools?.some((p) => p.Id === POOL_ID));
    client.destroy();
    const signIn = await raw(pool.url, "InitiateAuth", {
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: CLIENT_ID,
      AuthParameters: { USERNAME: "alice", PASSWORD },
    });
    assert.equal(signIn.status, 200);
  });

  test("unsigned or malformed calls to IAM operations are refused and change nothing", async () => {
    const create = { UserPoolId: POOL_ID, Username: "mallory", TemporaryPassword: "Mallory-Pass-1" };
    assert.equal(
      await errorType(await raw(pool.url, "AdminCreateUser", create)),
      "MissingAuthenticationTokenException",
    );
    for (const authorization of [
      "Bearer abc",
      "AWS4-HMAC-SHA256 Credential=x/20250101/us-east-1/cognito-idp/aws4_request",
      `AWS4-HMAC-SHA256 Credential=x, SignedHeaders=host, Signature=${"a".repeat(64)}`,
    ])
      assert.equal(
        await errorType(await raw(pool.url, "AdminCreateUser", create, { authorization })),
        "IncompleteSignatureException",
      );
    const otherService = `AWS4-HMAC-SHA256 Credential=x/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${"a".repeat(64)}`;
    assert.equal(
      await errorType(await raw(pool.url, "AdminCreateUser", create, { authorization: otherService })),
      "InvalidSignatureException",
    );
    // Even an unknown operation name answers "sign first" to an unsigned caller.
    assert.equal(
      await errorType(await raw(pool.url, "StealEverything", {})),
      "MissingAuthenticationTokenException",
    );
    await rejectsWith(
      pool.cognito.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: "mallory" })),
      "UserNotFoundException",
    );
  });
});

describe("strict mode: USER_POOL_AWS_ACCESS_KEY_ID / USER_POOL_AWS_SECRET_ACCESS_KEY", () => {
  let pool: TestPool;
  before(async () => {
    pool = await startTestPool({ seed, config: { iamCredentials: KEYS } });
  });
  after(() => pool.cleanup());

  test("the configured keys work, through the AWS SDK", async () => {
    const { Users } = await pool.cognito.send(new ListUsersCommand({ UserPoolId: POOL_ID }));
    assert.deepEqual(
      Users?.map((u) => u.Username),
      ["alice"],
    );
    const created = await pool.cognito.send(
      new AdminCreateUserCommand({ UserPoolId: POOL_ID, Username: "bob", MessageAction: "SUPPRESS" }),
    );
    assert.equal(created.User?.Username, "bob");
  });

  test("an unknown access key is UnrecognizedClientException; a wrong secret InvalidSignatureException", async () => {
    const stranger = sdk(pool.url, { accessKeyId: "AKIASTRANGER", secretAccessKey: KEYS.secretAccessKey });
    await rejectsWith(
      stranger.send(new ListUsersCommand({ UserPoolId: POOL_ID })),
      "UnrecognizedClientException",
      /security token included in the request is invalid/,
    );
    const wrongSecret = sdk(pool.url, { accessKeyId: KEYS.accessKeyId, secretAccessKey: "not-the-secret" });
    await rejectsWith(
      wrongSecret.send(new AdminCreateUserCommand({ UserPoolId: POOL_ID, Username: "eve" })),
      "InvalidSignatureException",
      /signature we calculated does not match/,
    );
    const sessionCreds = sdk(pool.url, { ...KEYS, sessionToken: "FwoGZXIvYXdzE" });
    await rejectsWith(
      sessionCreds.send(new ListUsersCommand({ UserPoolId: POOL_ID })),
      "UnrecognizedClientException",
    );
    const otherRegion = new CognitoIdentityProviderClient({
      endpoint: pool.url,
      region: "eu-west-1",
      credentials: KEYS,
      maxAttempts: 1,
    });
    await rejectsWith(
      otherRegion.send(new ListUsersCommand({ UserPoolId: POOL_ID })),
      "InvalidSignatureException",
      /region/,
    );
    for (const c of [stranger, wrongSecret, sessionCreds, otherRegion]) c.destroy();
    await rejectsWith(
      pool.cognito.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: "eve" })),
      "UserNotFoundException",
    );
  });

  test("a signature more than 5 minutes off is expired; the SDK corrects its clock from Date and retries", async () => {
    const late = sdk(pool.url, KEYS, { systemClockOffset: -10 * 60_000 });
    await rejectsWith(
      late.send(new ListUsersCommand({ UserPoolId: POOL_ID })),
      "InvalidSignatureException",
      /Signature expired/,
    );
    late.destroy();
    const early = sdk(pool.url, KEYS, { systemClockOffset: 10 * 60_000 });
    await rejectsWith(
      early.send(new ListUsersCommand({ UserPoolId: POOL_ID })),
      "InvalidSignatureException",
      /not yet current/,
    );
    early.destroy();
    const retrying = sdk(pool.url, KEYS, { systemClockOffset: -10 * 60_000, maxAttempts: 3 });
    const { Users } = await retrying.send(new ListUsersCommand({ UserPoolId: POOL_ID }));
    assert.ok(Users && Users.length > 0);
    retrying.destroy();
  });

  test("a signed request replayed with another body, or without a signature, is refused", async () => {
    const signer = new SignatureV4({
      credentials: KEYS,
      region: "us-east-1",
      service: "cognito-idp",
      sha256: Hash.bind(null, "sha256"),
    });
    const host = new URL(pool.url).host;
    const body = JSON.stringify({ UserPoolId: POOL_ID, Username: "carol", MessageAction: "SUPPRESS" });
    const signed = await signer.sign({
      method: "POST",
      protocol: "http:",
      hostname: new URL(pool.url).hostname,
      path: "/",
      query: {},
      headers: {
        host,
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.AdminCreateUser",
      },
      body,
    });
    const headers = signed.headers as Record<string, string>;
    const { host: _host, ...sendable } = headers;
    const tampered = body.replace("carol", "mallory");
    const replay = await fetch(`${pool.url}/`, { method: "POST", headers: sendable, body: tampered });
    assert.equal(await errorType(replay), "InvalidSignatureException");
    const { "x-amz-content-sha256": _hash, ...withoutHash } = sendable;
    const replayNoHash = await fetch(`${pool.url}/`, {
      method: "POST",
      headers: withoutHash,
      body: tampered,
    });
    assert.equal(await errorType(replayNoHash), "InvalidSignatureException");
    const unsigned = await raw(pool.url, "AdminCreateUser", JSON.parse(tampered));
    assert.equal(await errorType(unsigned), "MissingAuthenticationTokenException");
    // The genuine request, as signed, goes through: the verifier is not simply refusing everything.
    const genuine = await fetch(`${pool.url}/`, { method: "POST", headers: sendable, body });
    assert.equal(genuine.status, 200, await genuine.clone().text());
    await rejectsWith(
      pool.cognito.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: "mallory" })),
      "UserNotFoundException",
    );
  });
});

describe("a page on another origin, in Chromium, cannot administer the pool", { skip: browserSkip }, () => {
  let pool: TestPool;
  let attacker: Server;
  let attackerUrl: string;
  let browser: Browser;

  before(async () => {
    pool = await startTestPool({ seed });
    attacker = createServer((_req, res) => {
      res
        .writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end("<!doctype html><title>evil</title>");
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await pool?.cleanup();
  });

  test("AdminCreateUser / AdminAddUserToGroup fail with or without a forged Authorization", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${attackerUrl}/`);
    // A string, not a function: tsx would wrap inner functions in a helper the page does not have.
    const results = (await page.evaluate(`(async () => {
      const poolUrl = ${JSON.stringify(pool.url)};
      const forged = "AWS4-HMAC-SHA256 Credential=x/20250101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}";
      const call = async (operation, body, extra = {}) => {
        try {
          const res = await fetch(poolUrl + "/", {
            method: "POST",
            headers: {
              "content-type": "application/x-amz-json-1.1",
              "x-amz-target": "AWSCognitoIdentityProviderService." + operation,
              ...extra,
            },
            body: JSON.stringify(body),
          });
          return { status: res.status, body: await res.text() };
        } catch (err) {
          return { blocked: String(err) };
        }
      };
      const create = { UserPoolId: ${JSON.stringify(POOL_ID)}, Username: "mallory", TemporaryPassword: "Mallory-Pass-1" };
      const group = { UserPoolId: ${JSON.stringify(POOL_ID)}, Username: "alice", GroupName: "admin" };
      const noCors = await fetch(poolUrl + "/", {
        method: "POST",
        mode: "no-cors",
        headers: { "x-amz-target": "AWSCognitoIdentityProviderService.AdminAddUserToGroup" },
        body: JSON.stringify(group),
      }).then(() => "sent", (err) => String(err));
      return {
        create: await call("AdminCreateUser", create),
        createForged: await call("AdminCreateUser", create, { authorization: forged }),
        group: await call("AdminAddUserToGroup", group),
        groupForged: await call("AdminAddUserToGroup", group, { authorization: forged }),
        noCors,
        // The public operations stay browser-callable.
        signIn: await call("InitiateAuth", {
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: ${JSON.stringify(CLIENT_ID)},
          AuthParameters: { USERNAME: "alice", PASSWORD: ${JSON.stringify(PASSWORD)} },
        }),
      };
    })()`)) as Record<string, { status?: number; body?: string; blocked?: string }> & { noCors: string };
    for (const unsigned of [results.create, results.group]) {
      assert.ok(unsigned && "status" in unsigned, JSON.stringify(unsigned));
      assert.equal(unsigned.status, 400);
      assert.match(unsigned.body ?? "", /MissingAuthenticationTokenException/);
    }
    for (const forged of [results.createForged, results.groupForged])
      assert.match(forged?.blocked ?? "", /TypeError|Failed to fetch/, JSON.stringify(forged));
    assert.equal(results["signIn"]?.status, 200, JSON.stringify(results["signIn"]));
    assert.match(results["signIn"]?.body ?? "", /AccessToken/);

    await rejectsWith(
      pool.cognito.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: "mallory" })),
      "UserNotFoundException",
    );
    const { Groups } = await pool.cognito.send(
      new AdminListGroupsForUserCommand({ UserPoolId: POOL_ID, Username: "alice" }),
    );
    assert.deepEqual(Groups, []);
    // Sanity: with credentials (outside a browser) the same call does work.
    await pool.cognito.send(
      new AdminAddUserToGroupCommand({ UserPoolId: POOL_ID, Username: "alice", GroupName: "admin" }),
    );
    const after = await pool.cognito.send(
      new AdminListGroupsForUserCommand({ UserPoolId: POOL_ID, Username: "alice" }),
    );
    assert.deepEqual(
      after.Groups?.map((g) => g.GroupName),
      ["admin"],
    );
    // And the preflight itself never grants authorization.
    const preflight = await fetch(`${pool.url}/`, {
      method: "OPTIONS",
      headers: {
        origin: attackerUrl,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type,x-amz-target,x-amz-security-token",
      },
    });
    assert.equal(preflight.headers.get("access-control-allow-headers"), "content-type,x-amz-target");
  });
});

test("the key pair is configured as both variables or neither", async () => {
  const { loadUserPoolConfig, ConfigError } = await import("../src/index.ts");
  assert.equal(loadUserPoolConfig({}).iamCredentials, undefined);
  assert.deepEqual(
    loadUserPoolConfig({ USER_POOL_AWS_ACCESS_KEY_ID: "AKIA1", USER_POOL_AWS_SECRET_ACCESS_KEY: "s" })
      .iamCredentials,
    { accessKeyId: "AKIA1", secretAccessKey: "s" },
  );
  assert.throws(
    () => loadUserPoolConfig({ USER_POOL_AWS_ACCESS_KEY_ID: "AKIA1" }),
    (err) => err instanceof ConfigError && /USER_POOL_AWS_SECRET_ACCESS_KEY/.test(err.message),
  );
});
