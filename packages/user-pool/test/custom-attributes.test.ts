/** Issue 12: custom attributes — `custom:` schema at CreateUserPool and AddCustomAttributes. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  AddCustomAttributesCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { claimsOf, PASSWORD, startTestPool, type TestPool } from "./harness.ts";

let pool: TestPool;
before(async () => {
  pool = await startTestPool();
});
after(() => pool.cleanup());

test("custom attributes from CreateUserPool and AddCustomAttributes reach users and tokens", async () => {
  const created = await pool.cognito.send(
    new CreateUserPoolCommand({
      PoolName: "custom",
      Schema: [{ Name: "team", AttributeDataType: "String", Mutable: true }],
    }),
  );
  const UserPoolId = created.UserPool?.Id ?? "";
  await pool.cognito.send(
    new AddCustomAttributesCommand({
      UserPoolId,
      CustomAttributes: [
        {
          Name: "level",
          AttributeDataType: "Number",
          NumberAttributeConstraints: { MinValue: "1", MaxValue: "9" },
        },
      ],
    }),
  );
  const described = await pool.cognito.send(new DescribeUserPoolCommand({ UserPoolId }));
  const names = described.UserPool?.SchemaAttributes?.map((a) => a.Name) ?? [];
  assert.ok(names.includes("custom:team") && names.includes("custom:level"), names.join(","));

  await assert.rejects(
    pool.cognito.send(new AddCustomAttributesCommand({ UserPoolId, CustomAttributes: [{ Name: "team" }] })),
    (err: Error) =>
      err.name === "InvalidParameterException" && /already has name custom:team/.test(err.message),
  );
  await assert.rejects(
    pool.cognito.send(
      new AddCustomAttributesCommand({ UserPoolId, CustomAttributes: [{ Name: "must", Required: true }] }),
    ),
    (err: Error) =>
      err.name === "InvalidParameterException" && /Required custom attributes/.test(err.message),
  );

  const { UserPoolClient } = await pool.cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId,
      ClientName: "app",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  const ClientId = UserPoolClient?.ClientId ?? "";
  await pool.cognito.send(
    new SignUpCommand({
      ClientId,
      Username: "cara",
      Password: PASSWORD,
      UserAttributes: [{ Name: "custom:team", Value: "blue" }],
    }),
  );
  await pool.cognito.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId,
      Username: "cara",
      UserAttributes: [{ Name: "custom:level", Value: "3" }],
    }),
  );
  await assert.rejects(
    pool.cognito.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId,
        Username: "cara",
        UserAttributes: [{ Name: "custom:unknown", Value: "x" }],
      }),
    ),
    (err: Error) => err.name === "InvalidParameterException",
  );
  const { AdminConfirmSignUpCommand } = await import("@aws-sdk/client-cognito-identity-provider");
  await pool.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId, Username: "cara" }));
  const signedIn = await pool.cognito.send(
    new InitiateAuthCommand({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId,
      AuthParameters: { USERNAME: "cara", PASSWORD },
    }),
  );
  const idClaims = claimsOf(signedIn.AuthenticationResult?.IdToken ?? "");
  assert.equal(idClaims["custom:team"], "blue");
  assert.equal(idClaims["custom:level"], "3");
  const me = await pool.cognito.send(
    new GetUserCommand({ AccessToken: signedIn.AuthenticationResult?.AccessToken }),
  );
  assert.equal(me.UserAttributes?.find((a) => a.Name === "custom:level")?.Value, "3");
});
