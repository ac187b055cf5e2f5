import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CodeMismatchException,
  ConfirmSignUpCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteGroupCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  GroupExistsException,
  InitiateAuthCommand,
  InvalidParameterException,
  InvalidPasswordException,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  NotAuthorizedException,
  ResourceNotFoundException,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SignUpCommand,
  UnsupportedTokenTypeException,
  UpdateUserPoolClientCommand,
  UserNotConfirmedException,
  UserNotFoundException,
  UsernameExistsException,
} from "@aws-sdk/client-cognito-identity-provider";
import { secretHash } from "../src/index.ts";
import { PASSWORD, startTestPool, type TestPool } from "./harness.ts";

let pool: TestPool;
let poolId: string;
let clientId: string;

before(async () => {
  pool = await startTestPool();
  const created = await pool.cognito.send(
    new CreateUserPoolCommand({ PoolName: "admin-api", AutoVerifiedAttributes: ["email"] }),
  );
  poolId = created.UserPool!.Id!;
  const client = await pool.cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "app",
      ExplicitAuthFlows: [
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
      ],
    }),
  );
  clientId = client.UserPoolClient!.ClientId!;
});
after(() => pool.cleanup());

describe("pools and clients", () => {
  test("ids are AWS-shaped and the pool describes itself with Cognito's defaults", async () => {
    assert.match(poolId, /^us-east-1_[A-Za-z0-9]{9}$/);
    assert.match(clientId, /^[a-z0-9]{26}$/);
    const { UserPool } = await pool.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    assert.equal(UserPool?.Name, "admin-api");
    assert.equal(UserPool?.Arn, `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${poolId}`);
    assert.deepEqual(UserPool?.Policies?.PasswordPolicy, {
      MinimumLength: 8,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      TemporaryPasswordValidityDays: 7,
    });
    // Epoch-second timestamps deserialise into Dates in the SDK.
    assert.ok(UserPool?.CreationDate instanceof Date);
    assert.ok(Math.abs(UserPool.CreationDate.getTime() - Date.now()) < 60_000);
    assert.ok(UserPool?.SchemaAttributes?.some((a) => a.Name === "email"));
  });

  test("ListUserPools, ListUserPoolClients, Describe/UpdateUserPoolClient, DeleteUserPool", async () => {
    const extra = await pool.cognito.send(new CreateUserPoolCommand({ PoolName: "to-delete" }));
    const listed = await pool.cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    assert.deepEqual(listed.UserPools?.map((p) => p.Name).sort(), ["admin-api", "to-delete"]);
    const clients = await pool.cognito.send(new ListUserPoolClientsCommand({ UserPoolId: poolId }));
    assert.deepEqual(clients.UserPoolClients, [
      { ClientId: clientId, UserPoolId: poolId, ClientName: "app" },
    ]);
    const updated = await pool.cognito.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ClientName: "app",
        ExplicitAuthFlows: [
          "ALLOW_USER_PASSWORD_AUTH",
          "ALLOW_ADMIN_USER_PASSWORD_AUTH",
          "ALLOW_REFRESH_TOKEN_AUTH",
        ],
        AccessTokenValidity: 30,
        TokenValidityUnits: { AccessToken: "minutes" },
      }),
    );
    assert.equal(updated.UserPoolClient?.AccessTokenValidity, 30);
    const described = await pool.cognito.send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }),
    );
    assert.equal(described.UserPoolClient?.AccessTokenValidity, 30);
    assert.equal(described.UserPoolClient?.EnableTokenRevocation, true);
    await pool.cognito.send(new DeleteUserPoolCommand({ UserPoolId: extra.UserPool!.Id! }));
    await assert.rejects(
      pool.cognito.send(new DescribeUserPoolCommand({ UserPoolId: extra.UserPool!.Id! })),
      ResourceNotFoundException,
    );
  });

  test("constraint violations are InvalidParameterException", async () => {
    await assert.rejects(
      pool.cognito.send(new DescribeUserPoolCommand({ UserPoolId: undefined as unknown as string })),
      (err) => {
        assert.ok(err instanceof InvalidParameterException);
        assert.match(err.message, /Value null at 'userPoolId'/);
        return true;
      },
    );
  });
});

describe("users", () => {
  test("AdminCreateUser, duplicate → UsernameExistsException, AdminGetUser, unknown → UserNotFoundException", async () => {
    const { User } = await pool.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "carol",
        TemporaryPassword: "Temp-Pass-1",
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "email", Value: "carol@example.com" },
          { Name: "email_verified", Value: "true" },
        ],
      }),
    );
    assert.equal(User?.UserStatus, "FORCE_CHANGE_PASSWORD");
    assert.equal(User?.Enabled, true);
    const sub = User?.Attributes?.find((a) => a.Name === "sub")?.Value;
    assert.match(sub ?? "", /^[0-9a-f-]{36}$/);
    await assert.rejects(
      pool.cognito.send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: "carol", MessageAction: "SUPPRESS" }),
      ),
      UsernameExistsException,
    );
    const got = await pool.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "carol" }));
    assert.equal(got.Username, "carol");
    assert.ok(got.UserCreateDate instanceof Date);
    assert.equal(got.UserAttributes?.find((a) => a.Name === "email")?.Value, "carol@example.com");
    // Admin APIs also accept the sub.
    const bySub = await pool.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: sub! }));
    assert.equal(bySub.Username, "carol");
    await assert.rejects(
      pool.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "nobody" })),
      (err) => {
        assert.ok(err instanceof UserNotFoundException);
        assert.equal(err.message, "User does not exist.");
        return true;
      },
    );
  });

  test("ListUsers with Filter (exact, prefix, status) and AttributesToGet", async () => {
    for (const name of ["dave", "dana", "erin"])
      await pool.cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: name,
          MessageAction: "SUPPRESS",
          UserAttributes: [{ Name: "email", Value: `${name}@example.org` }],
        }),
      );
    const prefix = await pool.cognito.send(
      new ListUsersCommand({ UserPoolId: poolId, Filter: 'username ^= "da"' }),
    );
    assert.deepEqual(prefix.Users?.map((u) => u.Username).sort(), ["dana", "dave"]);
    const exact = await pool.cognito.send(
      new ListUsersCommand({ UserPoolId: poolId, Filter: 'email = "erin@example.org"' }),
    );
    assert.deepEqual(
      exact.Users?.map((u) => u.Username),
      ["erin"],
    );
    const limited = await pool.cognito.send(
      new ListUsersCommand({
        UserPoolId: poolId,
        Filter: 'email = "erin@example.org"',
        AttributesToGet: ["email"],
      }),
    );
    assert.deepEqual(limited.Users?.[0]?.Attributes, [{ Name: "email", Value: "erin@example.org" }]);
    await pool.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "erin" }));
    const disabled = await pool.cognito.send(
      new ListUsersCommand({ UserPoolId: poolId, Filter: 'status = "Disabled"' }),
    );
    assert.deepEqual(
      disabled.Users?.map((u) => u.Username),
      ["erin"],
    );
    await pool.cognito.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: "erin" }));
    const paged = await pool.cognito.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 2 }));
    assert.equal(paged.Users?.length, 2);
    assert.ok(paged.PaginationToken);
    const rest = await pool.cognito.send(
      new ListUsersCommand({ UserPoolId: poolId, Limit: 60, PaginationToken: paged.PaginationToken }),
    );
    assert.ok((rest.Users?.length ?? 0) >= 2);
    await assert.rejects(
      pool.cognito.send(new ListUsersCommand({ UserPoolId: poolId, Filter: "custom:x = 1" })),
      InvalidParameterException,
    );
  });

  test("AdminUpdateUserAttributes, AdminDeleteUser", async () => {
    await pool.cognito.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: "dave",
        UserAttributes: [
          { Name: "name", Value: "Dave D." },
          { Name: "email", Value: "dave@new.example" },
        ],
      }),
    );
    const got = await pool.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "dave" }));
    const attrs = Object.fromEntries(got.UserAttributes!.map((a) => [a.Name, a.Value]));
    assert.equal(attrs["name"], "Dave D.");
    assert.equal(attrs["email"], "dave@new.example");
    assert.equal(attrs["email_verified"], "false");
    await assert.rejects(
      pool.cognito.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: poolId,
          Username: "dave",
          UserAttributes: [{ Name: "custom:nope", Value: "1" }],
        }),
      ),
      InvalidParameterException,
    );
    await pool.cognito.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: "dana" }));
    await assert.rejects(
      pool.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "dana" })),
      UserNotFoundException,
    );
    await assert.rejects(
      pool.cognito.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: "dana" })),
      UserNotFoundException,
    );
  });
});

describe("groups", () => {
  test("CreateGroup, GroupExistsException, memberships both ways, ListGroups, DeleteGroup", async () => {
    const { Group } = await pool.cognito.send(
      new CreateGroupCommand({
        UserPoolId: poolId,
        GroupName: "editor",
        Description: "Edits",
        Precedence: 2,
      }),
    );
    assert.equal(Group?.GroupName, "editor");
    assert.ok(Group?.CreationDate instanceof Date);
    await pool.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "viewer" }));
    await assert.rejects(
      pool.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "editor" })),
      GroupExistsException,
    );
    await pool.cognito.send(
      new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "erin", GroupName: "editor" }),
    );
    await pool.cognito.send(
      new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "erin", GroupName: "editor" }),
    );
    await pool.cognito.send(
      new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "erin", GroupName: "viewer" }),
    );
    const forUser = await pool.cognito.send(
      new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: "erin" }),
    );
    assert.deepEqual(
      forUser.Groups?.map((g) => g.GroupName),
      ["editor", "viewer"],
    );
    const inGroup = await pool.cognito.send(
      new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: "editor" }),
    );
    assert.deepEqual(
      inGroup.Users?.map((u) => u.Username),
      ["erin"],
    );
    await pool.cognito.send(
      new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: "erin", GroupName: "viewer" }),
    );
    const after = await pool.cognito.send(
      new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: "erin" }),
    );
    assert.deepEqual(
      after.Groups?.map((g) => g.GroupName),
      ["editor"],
    );
    await assert.rejects(
      pool.cognito.send(
        new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "erin", GroupName: "ghost" }),
      ),
      ResourceNotFoundException,
    );
    await assert.rejects(
      pool.cognito.send(
        new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "ghost", GroupName: "editor" }),
      ),
      UserNotFoundException,
    );
    await pool.cognito.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: "viewer" }));
    const groups = await pool.cognito.send(new ListGroupsCommand({ UserPoolId: poolId }));
    assert.deepEqual(
      groups.Groups?.map((g) => g.GroupName),
      ["editor"],
    );
    await assert.rejects(
      pool.cognito.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: "viewer" })),
      ResourceNotFoundException,
    );
  });
});

describe("authentication", () => {
  /** InitiateAuth USER_PASSWORD_AUTH with the pool's public client. */
  const passwordSignIn = (username: string, password = PASSWORD) =>
    pool.cognito.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
  /** InitiateAuth REFRESH_TOKEN_AUTH with the pool's public client. */
  const refreshSignIn = (refreshToken: string) =>
    pool.cognito.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "REFRESH_TOKEN_AUTH",
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    );

  test("admin-created user: NEW_PASSWORD_REQUIRED via AdminInitiateAuth → AdminRespondToAuthChallenge", async () => {
    const first = await pool.cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "carol", PASSWORD: "Temp-Pass-1" },
      }),
    );
    assert.equal(first.ChallengeName, "NEW_PASSWORD_REQUIRED");
    assert.ok(first.Session);
    assert.equal(first.ChallengeParameters?.["USER_ID_FOR_SRP"], "carol");
    assert.equal(
      JSON.parse(first.ChallengeParameters?.["userAttributes"] ?? "{}").email,
      "carol@example.com",
    );
    await assert.rejects(
      pool.cognito.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session: first.Session,
          ChallengeResponses: { USERNAME: "carol", NEW_PASSWORD: "short" },
        }),
      ),
      (err) => err instanceof InvalidPasswordException && /Password not long enough/.test(err.message),
    );
    const done = await pool.cognito.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ChallengeName: "NEW_PASSWORD_REQUIRED",
        Session: first.Session,
        ChallengeResponses: { USERNAME: "carol", NEW_PASSWORD: PASSWORD },
      }),
    );
    assert.equal(done.AuthenticationResult?.TokenType, "Bearer");
    // 30 minutes: the client's AccessTokenValidity, updated in the pools test above.
    assert.equal(done.AuthenticationResult?.ExpiresIn, 1800);
    assert.ok(done.AuthenticationResult?.IdToken && done.AuthenticationResult.RefreshToken);
    // The session was single use.
    await assert.rejects(
      pool.cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session: first.Session,
          ChallengeResponses: { USERNAME: "carol", NEW_PASSWORD: PASSWORD },
        }),
      ),
      NotAuthorizedException,
    );
    const got = await pool.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "carol" }));
    assert.equal(got.UserStatus, "CONFIRMED");
  });

  test("SignUp → ConfirmSignUp → InitiateAuth (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH) → GetUser", async () => {
    const signUp = await pool.cognito.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: "frank",
        Password: PASSWORD,
        UserAttributes: [{ Name: "email", Value: "frank@example.com" }],
      }),
    );
    assert.equal(signUp.UserConfirmed, false);
    assert.equal(signUp.CodeDeliveryDetails?.DeliveryMedium, "EMAIL");
    assert.equal(signUp.CodeDeliveryDetails?.Destination, "f***@e***");
    await assert.rejects(passwordSignIn("frank"), UserNotConfirmedException);
    await assert.rejects(
      pool.cognito.send(
        new ConfirmSignUpCommand({ ClientId: clientId, Username: "frank", ConfirmationCode: "000000" }),
      ),
      CodeMismatchException,
    );
    await pool.cognito.send(
      new ConfirmSignUpCommand({
        ClientId: clientId,
        Username: "frank",
        ConfirmationCode: pool.log.codeFor("frank"),
      }),
    );
    await assert.rejects(
      pool.cognito.send(
        new ConfirmSignUpCommand({ ClientId: clientId, Username: "frank", ConfirmationCode: "123456" }),
      ),
      (err) =>
        err instanceof NotAuthorizedException &&
        err.message === "User cannot be confirmed. Current status is CONFIRMED",
    );
    const auth = await passwordSignIn("frank");
    const result = auth.AuthenticationResult!;
    const me = await pool.cognito.send(new GetUserCommand({ AccessToken: result.AccessToken }));
    assert.equal(me.Username, "frank");
    assert.equal(me.UserAttributes?.find((a) => a.Name === "email_verified")?.Value, "true");
    const refreshed = await refreshSignIn(result.RefreshToken!);
    assert.ok(refreshed.AuthenticationResult?.AccessToken);
    assert.equal(refreshed.AuthenticationResult?.RefreshToken, undefined);
    await assert.rejects(
      pool.cognito.send(new SignUpCommand({ ClientId: clientId, Username: "frank", Password: PASSWORD })),
      UsernameExistsException,
    );
    await assert.rejects(
      pool.cognito.send(
        new SignUpCommand({ ClientId: clientId, Username: "weak", Password: "alllowercase1!" }),
      ),
      (err) => err instanceof InvalidPasswordException && /uppercase/.test(err.message),
    );
  });

  test("AdminConfirmSignUp and wrong-password / unknown-user errors", async () => {
    await pool.cognito.send(new SignUpCommand({ ClientId: clientId, Username: "gina", Password: PASSWORD }));
    await pool.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: "gina" }));
    const ok = await pool.cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "gina", PASSWORD },
      }),
    );
    assert.ok(ok.AuthenticationResult?.AccessToken);
    await assert.rejects(
      passwordSignIn("gina", "Wrong-Pass-1"),
      (err) => err instanceof NotAuthorizedException && err.message === "Incorrect username or password.",
    );
    await assert.rejects(passwordSignIn("nobody"), UserNotFoundException);
    await assert.rejects(
      pool.cognito.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "USER_SRP_AUTH",
          AuthParameters: { USERNAME: "gina" },
        }),
      ),
      InvalidParameterException,
    );
  });

  test("AdminSetUserPassword permanent and temporary", async () => {
    await pool.cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: "dave",
        Password: PASSWORD,
        Permanent: true,
      }),
    );
    assert.equal(
      (await pool.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "dave" }))).UserStatus,
      "CONFIRMED",
    );
    const ok = await passwordSignIn("dave");
    assert.ok(ok.AuthenticationResult);
    await pool.cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: "dave",
        Password: "Temp-Again-2",
        Permanent: false,
      }),
    );
    const challenge = await passwordSignIn("dave", "Temp-Again-2");
    assert.equal(challenge.ChallengeName, "NEW_PASSWORD_REQUIRED");
    const answered = await pool.cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: "NEW_PASSWORD_REQUIRED",
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: "dave", NEW_PASSWORD: PASSWORD, "userAttributes.name": "Dave Again" },
      }),
    );
    assert.ok(answered.AuthenticationResult?.AccessToken);
    const after = await pool.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "dave" }));
    assert.equal(after.UserStatus, "CONFIRMED");
    assert.equal(after.UserAttributes?.find((a) => a.Name === "name")?.Value, "Dave Again");
    await assert.rejects(
      pool.cognito.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId,
          Username: "dave",
          Password: "weak",
          Permanent: true,
        }),
      ),
      InvalidPasswordException,
    );
  });

  test("disabled users cannot sign in; their tokens stop working; enabling lets them sign in again", async () => {
    const signIn = () => passwordSignIn("gina");
    const before = (await signIn()).AuthenticationResult!;
    await pool.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "gina" }));
    await assert.rejects(
      signIn(),
      (err) => err instanceof NotAuthorizedException && err.message === "User is disabled.",
    );
    await assert.rejects(
      pool.cognito.send(new GetUserCommand({ AccessToken: before.AccessToken })),
      NotAuthorizedException,
    );
    await assert.rejects(refreshSignIn(before.RefreshToken!), NotAuthorizedException);
    await pool.cognito.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: "gina" }));
    assert.ok((await signIn()).AuthenticationResult);
  });

  test("GlobalSignOut and AdminUserGlobalSignOut revoke refresh tokens and make GetUser reject access tokens", async () => {
    const signIn = async () => (await passwordSignIn("frank")).AuthenticationResult!;
    const a = await signIn();
    const b = await signIn();
    await pool.cognito.send(new GlobalSignOutCommand({ AccessToken: a.AccessToken }));
    for (const t of [a, b]) {
      await assert.rejects(
        pool.cognito.send(new GetUserCommand({ AccessToken: t.AccessToken })),
        (err) => err instanceof NotAuthorizedException && err.message === "Access Token has been revoked",
      );
      await assert.rejects(
        refreshSignIn(t.RefreshToken!),
        (err) => err instanceof NotAuthorizedException && err.message === "Refresh Token has been revoked",
      );
    }
    const c = await signIn();
    await pool.cognito.send(new GetUserCommand({ AccessToken: c.AccessToken }));
    await pool.cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: "frank" }));
    await assert.rejects(
      pool.cognito.send(new GetUserCommand({ AccessToken: c.AccessToken })),
      NotAuthorizedException,
    );
  });

  test("RevokeToken revokes one refresh token and its access tokens, not others", async () => {
    const signIn = async () => (await passwordSignIn("frank")).AuthenticationResult!;
    const a = await signIn();
    const b = await signIn();
    await pool.cognito.send(new RevokeTokenCommand({ ClientId: clientId, Token: a.RefreshToken! }));
    await assert.rejects(
      pool.cognito.send(new GetUserCommand({ AccessToken: a.AccessToken })),
      NotAuthorizedException,
    );
    await pool.cognito.send(new GetUserCommand({ AccessToken: b.AccessToken }));
    await assert.rejects(
      pool.cognito.send(new RevokeTokenCommand({ ClientId: clientId, Token: b.AccessToken! })),
      UnsupportedTokenTypeException,
    );
    await assert.rejects(
      pool.cognito.send(new GetUserCommand({ AccessToken: "not-a-token" })),
      NotAuthorizedException,
    );
  });
});

describe("clients with a secret", () => {
  test("the native API requires SECRET_HASH = Base64(HMAC-SHA256(secret, username + clientId))", async () => {
    const created = await pool.cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "backend",
        GenerateSecret: true,
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH"],
      }),
    );
    const { ClientId, ClientSecret } = created.UserPoolClient!;
    assert.match(ClientSecret ?? "", /^[a-z0-9]{51}$/);
    const auth = (params: Record<string, string>) =>
      pool.cognito.send(
        new InitiateAuthCommand({
          ClientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: "gina", PASSWORD, ...params },
        }),
      );
    await assert.rejects(
      auth({}),
      (err) => err instanceof NotAuthorizedException && /configured for secret/.test(err.message),
    );
    await assert.rejects(
      auth({ SECRET_HASH: "bm9wZQ==" }),
      (err) => err instanceof NotAuthorizedException && /Unable to verify secret hash/.test(err.message),
    );
    const ok = await auth({ SECRET_HASH: secretHash(ClientSecret!, "gina", ClientId!) });
    assert.ok(ok.AuthenticationResult?.AccessToken);
  });
});

describe("wire protocol", () => {
  /** Any key is accepted by default, but IAM operations need a well-formed SigV4 header. */
  const DUMMY_SIGNATURE = `AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`;

  test("errors are {__type, message} with 400 and x-amzn-ErrorType; unknown operations are refused", async () => {
    const res = await fetch(`${pool.url}/`, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.AdminGetUser",
        authorization: DUMMY_SIGNATURE,
      },
      body: JSON.stringify({ UserPoolId: poolId, Username: "nobody" }),
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get("content-type"), "application/x-amz-json-1.1");
    assert.equal(res.headers.get("x-amzn-errortype"), "UserNotFoundException:");
    assert.ok(res.headers.get("x-amzn-requestid"));
    assert.deepEqual(await res.json(), { __type: "UserNotFoundException", message: "User does not exist." });
    const unknown = await fetch(`${pool.url}/`, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.StealEverything",
        authorization: DUMMY_SIGNATURE,
      },
      body: "{}",
    });
    assert.equal(unknown.status, 400);
    assert.equal(((await unknown.json()) as { __type: string }).__type, "UnknownOperationException");
    const malformed = await fetch(`${pool.url}/`, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth",
      },
      body: "{not json",
    });
    assert.equal(((await malformed.json()) as { __type: string }).__type, "SerializationException");
    const preflight = await fetch(`${pool.url}/`, {
      method: "OPTIONS",
      headers: { origin: "http://app.example", "access-control-request-method": "POST" },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
    assert.match(preflight.headers.get("access-control-allow-headers") ?? "", /x-amz-target/);
  });
});
