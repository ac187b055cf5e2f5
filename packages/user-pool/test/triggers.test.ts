import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  SignUpCommand,
  UserLambdaValidationException,
} from "@aws-sdk/client-cognito-identity-provider";
import { claimsOf, PASSWORD, startTestPool, type TestPool } from "./harness.ts";

type Event = {
  version: string;
  triggerSource: string;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
  request: Record<string, unknown>;
  response: Record<string, unknown>;
};

/** A webhook receiver standing in for Lambda: records every event, answers like the function would. */
let hook: Server;
let hookUrl: string;
const received: Event[] = [];

function respond(event: Event): { status: number; body: unknown } {
  switch (event.triggerSource) {
    case "PreSignUp_SignUp": {
      const email = String((event.request["userAttributes"] as Record<string, string>)["email"] ?? "");
      if (event.userName === "blocked") return { status: 500, body: { errorMessage: "Blocked by policy" } };
      return {
        status: 200,
        body: {
          ...event,
          response: { autoConfirmUser: email.endsWith("@auto.example"), autoVerifyEmail: true },
        },
      };
    }
    case "TokenGeneration_Authentication":
    case "TokenGeneration_RefreshTokens":
    case "TokenGeneration_NewPasswordChallenge":
      return {
        status: 200,
        body: {
          ...event,
          response: {
            claimsOverrideDetails: {
              claimsToAddOrOverride: { tenant: "acme", sub: "hijack", name: "overridden" },
              claimsToSuppress: ["name"],
              groupOverrideDetails: { groupsToOverride: ["from-trigger"] },
            },
          },
        },
      };
    default:
      return { status: 200, body: event };
  }
}

let pool: TestPool;
let webhookPool: string;
let webhookClient: string;
let modulePool: string;
let moduleClient: string;

before(async () => {
  hook = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const event = JSON.parse(body) as Event;
      received.push(event);
      const { status, body: out } = respond(event);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(out));
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
  pool = await startTestPool();

  const created = await pool.cognito.send(
    new CreateUserPoolCommand({
      PoolName: "webhooks",
      LambdaConfig: {
        PreSignUp: `${hookUrl}/pre-sign-up`,
        PostConfirmation: `${hookUrl}/post-confirmation`,
        PostAuthentication: `${hookUrl}/post-authentication`,
        PreTokenGeneration: `${hookUrl}/pre-token`,
      },
    }),
  );
  webhookPool = created.UserPool!.Id!;
  webhookClient = (
    await pool.cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: webhookPool,
        ClientName: "app",
        ExplicitAuthFlows: [
          "ALLOW_USER_PASSWORD_AUTH",
          "ALLOW_ADMIN_USER_PASSWORD_AUTH",
          "ALLOW_REFRESH_TOKEN_AUTH",
        ],
      }),
    )
  ).UserPoolClient!.ClientId!;

  // A local ES module as the target: PreTokenGeneration V2 and a PostAuthentication that can refuse.
  const file = join(pool.dir, "triggers.mjs");
  await writeFile(
    file,
    `export async function handler(event) {
      if (event.triggerSource === "PostAuthentication_Authentication" && event.userName === "denied") throw new Error("Account under review");
      if (event.triggerSource.startsWith("TokenGeneration_")) {
        event.response = { claimsAndScopeOverrideDetails: {
          idTokenGeneration: { claimsToAddOrOverride: { plan: "pro", seats: 3 } },
          accessTokenGeneration: { claimsToAddOrOverride: { tenant: "acme", "cognito:groups": ["nope"] }, scopesToAdd: ["tasks/read"], scopesToSuppress: [] },
        } };
        globalThis.__lastV2 = event;
      }
      return event;
    }`,
  );
  const moduleUrl = pathToFileURL(file).href;
  modulePool = (
    await pool.cognito.send(
      new CreateUserPoolCommand({
        PoolName: "modules",
        LambdaConfig: {
          PostAuthentication: moduleUrl,
          PreTokenGenerationConfig: { LambdaVersion: "V2_0", LambdaArn: moduleUrl },
        },
      }),
    )
  ).UserPool!.Id!;
  moduleClient = (
    await pool.cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: modulePool,
        ClientName: "app",
        ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    )
  ).UserPoolClient!.ClientId!;
});

after(async () => {
  await pool.cleanup();
  await new Promise((resolve) => hook.close(resolve));
});

function eventsFor(source: string, userName?: string): Event[] {
  return received.filter(
    (e) => e.triggerSource === source && (userName === undefined || e.userName === userName),
  );
}

describe("webhook triggers", () => {
  test("PreSignUp sees Cognito's event and can auto-confirm; PostConfirmation follows", async () => {
    const res = await pool.cognito.send(
      new SignUpCommand({
        ClientId: webhookClient,
        Username: "auto",
        Password: PASSWORD,
        UserAttributes: [{ Name: "email", Value: "auto@auto.example" }],
        ValidationData: [{ Name: "invite", Value: "abc" }],
      }),
    );
    assert.equal(res.UserConfirmed, true);
    const [pre] = eventsFor("PreSignUp_SignUp", "auto");
    assert.ok(pre);
    assert.equal(pre.version, "1");
    assert.equal(pre.region, "us-east-1");
    assert.equal(pre.userPoolId, webhookPool);
    assert.deepEqual(pre.callerContext, {
      awsSdkVersion: "aws-sdk-unknown-unknown",
      clientId: webhookClient,
    });
    assert.deepEqual(pre.request["userAttributes"], { email: "auto@auto.example" });
    assert.deepEqual(pre.request["validationData"], { invite: "abc" });
    const [post] = eventsFor("PostConfirmation_ConfirmSignUp", "auto");
    const attrs = post?.request["userAttributes"] as Record<string, string>;
    assert.equal(attrs["cognito:user_status"], "CONFIRMED");
    assert.equal(attrs["email_verified"], "true", "autoVerifyEmail applied");
    assert.match(attrs["sub"] ?? "", /^[0-9a-f-]{36}$/);
  });

  test("a failing trigger surfaces as UserLambdaValidationException", async () => {
    await assert.rejects(
      pool.cognito.send(
        new SignUpCommand({ ClientId: webhookClient, Username: "blocked", Password: PASSWORD }),
      ),
      (err) =>
        err instanceof UserLambdaValidationException &&
        err.message === "PreSignUp failed with error Blocked by policy.",
    );
  });

  test("sign-in fires PostAuthentication and PreTokenGeneration V1 (ID claims, groups in both tokens); refresh fires only the latter", async () => {
    await pool.cognito.send(new CreateGroupCommand({ UserPoolId: webhookPool, GroupName: "real" }));
    await pool.cognito.send(
      new AdminAddUserToGroupCommand({ UserPoolId: webhookPool, Username: "auto", GroupName: "real" }),
    );
    const auth = (
      await pool.cognito.send(
        new InitiateAuthCommand({
          ClientId: webhookClient,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: "auto", PASSWORD },
        }),
      )
    ).AuthenticationResult!;
    assert.equal(eventsFor("PostAuthentication_Authentication", "auto").length, 1);
    const [ptg] = eventsFor("TokenGeneration_Authentication", "auto");
    assert.deepEqual(ptg?.request["groupConfiguration"], {
      groupsToOverride: ["real"],
      iamRolesToOverride: [],
      preferredRole: null,
    });
    assert.equal(ptg?.request["scopes"], undefined, "V1 events carry no scopes");
    const id = claimsOf(auth.IdToken!);
    assert.equal(id["tenant"], "acme");
    assert.equal(id["name"], undefined, "suppress wins over add");
    assert.notEqual(id["sub"], "hijack", "reserved claims cannot be overridden");
    assert.deepEqual(id["cognito:groups"], ["from-trigger"]);
    const access = claimsOf(auth.AccessToken!);
    assert.deepEqual(access["cognito:groups"], ["from-trigger"]);
    assert.equal(access["tenant"], undefined, "V1 changes only the ID token's claims");
    await pool.cognito.send(
      new InitiateAuthCommand({
        ClientId: webhookClient,
        AuthFlow: "REFRESH_TOKEN_AUTH",
        AuthParameters: { REFRESH_TOKEN: auth.RefreshToken! },
      }),
    );
    assert.equal(eventsFor("TokenGeneration_RefreshTokens", "auto").length, 1);
    assert.equal(eventsFor("PostAuthentication_Authentication", "auto").length, 1, "not on refresh");
  });

  test("AdminCreateUser fires PreSignUp_AdminCreateUser; completing NEW_PASSWORD_REQUIRED does not fire PostConfirmation", async () => {
    await pool.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: webhookPool,
        Username: "invited",
        TemporaryPassword: "Temp-Pass-1",
        MessageAction: "SUPPRESS",
      }),
    );
    const [pre] = eventsFor("PreSignUp_AdminCreateUser", "invited");
    assert.equal(pre?.callerContext.clientId, "CLIENT_ID_NOT_APPLICABLE");
    const challenge = await pool.cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId: webhookPool,
        ClientId: webhookClient,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "invited", PASSWORD: "Temp-Pass-1" },
      }),
    );
    await pool.cognito.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: webhookPool,
        ClientId: webhookClient,
        ChallengeName: "NEW_PASSWORD_REQUIRED",
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: "invited", NEW_PASSWORD: PASSWORD },
      }),
    );
    assert.equal(eventsFor("PostConfirmation_ConfirmSignUp", "invited").length, 0);
    assert.equal(eventsFor("TokenGeneration_NewPasswordChallenge", "invited").length, 1);
    assert.equal(eventsFor("PostAuthentication_Authentication", "invited").length, 1);
  });
});

describe("ES module triggers", () => {
  before(async () => {
    for (const username of ["modular", "denied"])
      await pool.cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: modulePool,
          Username: username,
          TemporaryPassword: "Temp-Pass-1",
          MessageAction: "SUPPRESS",
        }),
      );
  });

  test("PreTokenGeneration V2 changes both tokens and the access token's scopes", async () => {
    const challenge = await pool.cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId: modulePool,
        ClientId: moduleClient,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "modular", PASSWORD: "Temp-Pass-1" },
      }),
    );
    const result = (
      await pool.cognito.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: modulePool,
          ClientId: moduleClient,
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: "modular", NEW_PASSWORD: PASSWORD },
        }),
      )
    ).AuthenticationResult!;
    const id = claimsOf(result.IdToken!);
    const access = claimsOf(result.AccessToken!);
    assert.equal(id["plan"], "pro");
    assert.equal(id["seats"], 3, "V2 claims keep their JSON types");
    assert.equal(access["tenant"], "acme");
    assert.equal(access["cognito:groups"], undefined, "cognito:* claims cannot be added to access tokens");
    assert.equal(access["scope"], "aws.cognito.signin.user.admin tasks/read");
    const event = (globalThis as unknown as { __lastV2: Event }).__lastV2;
    assert.equal(event.version, "2");
    assert.deepEqual(event.request["scopes"], ["aws.cognito.signin.user.admin"]);
  });

  test("a module that throws makes sign-in fail with UserLambdaValidationException", async () => {
    await assert.rejects(
      pool.cognito
        .send(
          new AdminInitiateAuthCommand({
            UserPoolId: modulePool,
            ClientId: moduleClient,
            AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters: { USERNAME: "denied", PASSWORD: "Temp-Pass-1" },
          }),
        )
        .then((c) =>
          pool.cognito.send(
            new AdminRespondToAuthChallengeCommand({
              UserPoolId: modulePool,
              ClientId: moduleClient,
              ChallengeName: "NEW_PASSWORD_REQUIRED",
              Session: c.Session,
              ChallengeResponses: { USERNAME: "denied", NEW_PASSWORD: PASSWORD },
            }),
          ),
        ),
      (err) =>
        err instanceof UserLambdaValidationException &&
        err.message === "PostAuthentication failed with error Account under review.",
    );
  });
});
