/**
 * Issue 12, account self-service: ChangePassword, ForgotPassword + ConfirmForgotPassword, DeleteUser,
 * DeleteUserAttributes — with amazon-cognito-identity-js and @aws-amplify/auth v6 in Node, and the AWS SDK.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  confirmResetPassword,
  deleteUser,
  fetchAuthSession,
  resetPassword,
  signIn,
  signOut,
  updatePassword,
} from "@aws-amplify/auth";
import {
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  DeleteUserAttributesCommand,
  DeleteUserCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  InitiateAuthCommand,
  VerifyUserAttributeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { AuthenticationDetails, type CognitoUser, type CognitoUserSession } from "amazon-cognito-identity-js";
import { cognitoVerifier, PASSWORD, rejectsWith, startTestPool, type TestPool } from "./harness.ts";
import { configureAmplify, identityJsUser } from "./node-clients.ts";

const POOL_ID = "us-east-1_SelfServ01";
const CLIENT_ID = "selfserviceclient000000000";
const ENABLED_CLIENT = "selfserviceenabled00000000";
const USERS = ["ida", "ivy", "amp", "ann", "del", "attr", "unverified", "unverified2", "changer"];
const seed = {
  pools: [
    {
      id: POOL_ID,
      name: "self-service",
      clients: [
        { id: CLIENT_ID, name: "spa" },
        { id: ENABLED_CLIENT, name: "enabled", preventUserExistenceErrors: "ENABLED" },
      ],
      users: USERS.map((username) => ({
        username,
        password: PASSWORD,
        attributes: {
          email: `${username}@example.com`,
          ...(username === "attr" ? { name: "Attr", given_name: "A" } : {}),
        },
      })),
    },
  ],
};

let pool: TestPool;
before(async () => {
  pool = await startTestPool({ seed });
  // Seeded emails count as verified; this one is not.
  for (const username of ["unverified", "unverified2"])
    await pool.ctx.stores.db
      .updateTable("users")
      .set({ attributes: JSON.stringify({ email: `${username}@example.com`, email_verified: "false" }) })
      .where("username", "=", username)
      .execute();
});
after(() => pool.cleanup());

async function eventsFor(username: string): Promise<string[]> {
  return (await pool.ctx.stores.accountEvents.listAfter(POOL_ID, 0))
    .filter((e) => e.username === username)
    .map((e) => e.type);
}

async function passwordSignIn(username: string, password: string) {
  return pool.cognito.send(
    new InitiateAuthCommand({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: CLIENT_ID,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
}

function identityUser(username: string): CognitoUser {
  return identityJsUser(pool.url, POOL_ID, CLIENT_ID, username);
}

function srpSignIn(user: CognitoUser, password: string): Promise<CognitoUserSession> {
  return new Promise((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: user.getUsername(), Password: password }), {
      onSuccess: resolve,
      onFailure: reject,
    }),
  );
}

describe("amazon-cognito-identity-js", () => {
  test("changePassword: wrong previous password refused, right one changes it (scrypt and SRP)", async () => {
    const user = identityUser("ida");
    await srpSignIn(user, PASSWORD);
    const change = (previous: string, proposed: string) =>
      new Promise<unknown>((resolve, reject) =>
        user.changePassword(previous, proposed, (err, ok) => (err ? reject(err) : resolve(ok))),
      );
    await assert.rejects(
      change("Wrong-Pass-1", "Brand-New-Pass-1"),
      (err: { code?: string }) => err.code === "NotAuthorizedException",
    );
    await assert.rejects(
      change(PASSWORD, "short"),
      (err: { code?: string }) => err.code === "InvalidPasswordException",
    );
    await change(PASSWORD, "Brand-New-Pass-1");
    await srpSignIn(identityUser("ida"), "Brand-New-Pass-1");
    assert.ok((await passwordSignIn("ida", "Brand-New-Pass-1")).AuthenticationResult);
    await rejectsWith(passwordSignIn("ida", PASSWORD), "NotAuthorizedException");
  });

  test("forgotPassword → code from the log → confirmPassword; apps hear user.password_reset", async () => {
    const user = identityUser("ivy");
    const delivery = await new Promise<{ CodeDeliveryDetails: { Destination: string } }>((resolve, reject) =>
      user.forgotPassword({ onSuccess: resolve, onFailure: reject, inputVerificationCode: resolve }),
    );
    assert.equal(delivery.CodeDeliveryDetails.Destination, "i***@e***");
    await assert.rejects(
      new Promise((resolve, reject) =>
        user.confirmPassword("000000", "Reset-Pass-123", { onSuccess: resolve, onFailure: reject }),
      ),
      (err: { code?: string }) => err.code === "CodeMismatchException",
    );
    await new Promise((resolve, reject) =>
      user.confirmPassword(pool.log.resetCodeFor("ivy"), "Reset-Pass-123", {
        onSuccess: resolve,
        onFailure: reject,
      }),
    );
    await srpSignIn(identityUser("ivy"), "Reset-Pass-123");
    assert.deepEqual(await eventsFor("ivy"), ["user.password_reset"]);
    // The code was single use.
    await rejectsWith(
      pool.cognito.send(
        new ConfirmForgotPasswordCommand({
          ClientId: CLIENT_ID,
          Username: "ivy",
          ConfirmationCode: pool.log.resetCodeFor("ivy"),
          Password: "Again-Pass-123",
        }),
      ),
      "ExpiredCodeException",
    );
  });

  test("deleteUser and deleteAttributes", async () => {
    const user = identityUser("attr");
    await srpSignIn(user, PASSWORD);
    await new Promise((resolve, reject) =>
      user.deleteAttributes(["given_name"], (err, ok) => (err ? reject(err) : resolve(ok))),
    );
    const attrs = await new Promise<{ Name: string }[]>((resolve, reject) =>
      user.getUserAttributes((err, list) => (err ? reject(err) : resolve(list ?? []))),
    );
    assert.ok(!attrs.some((a) => a.Name === "given_name"));
    assert.ok(attrs.some((a) => a.Name === "name"));
    await new Promise((resolve, reject) => user.deleteUser((err, ok) => (err ? reject(err) : resolve(ok))));
    await rejectsWith(passwordSignIn("attr", PASSWORD), "UserNotFoundException");
    assert.deepEqual(await eventsFor("attr"), ["user.deleted"]);
  });
});

describe("@aws-amplify/auth v6 in Node", () => {
  before(() => {
    configureAmplify(pool.url, POOL_ID, CLIENT_ID);
  });

  test("resetPassword / confirmResetPassword, then signIn with the new password", async () => {
    const started = await resetPassword({ username: "amp" });
    assert.equal(started.nextStep.resetPasswordStep, "CONFIRM_RESET_PASSWORD_WITH_CODE");
    await confirmResetPassword({
      username: "amp",
      confirmationCode: pool.log.resetCodeFor("amp"),
      newPassword: "Amp-Reset-123",
    });
    assert.equal((await signIn({ username: "amp", password: "Amp-Reset-123" })).isSignedIn, true);
    await signOut();
  });

  test("updatePassword, then deleteUser", async () => {
    assert.equal((await signIn({ username: "ann", password: PASSWORD })).isSignedIn, true);
    await updatePassword({ oldPassword: PASSWORD, newPassword: "Ann-Updated-123" });
    const session = await fetchAuthSession();
    const issuer = `${pool.publicUrl}/${POOL_ID}`;
    await cognitoVerifier(issuer, CLIENT_ID, "access").verify(session.tokens?.accessToken.toString() ?? "");
    await signOut();
    assert.equal((await signIn({ username: "ann", password: "Ann-Updated-123" })).isSignedIn, true);
    await deleteUser();
    await rejectsWith(passwordSignIn("ann", "Ann-Updated-123"), "UserNotFoundException");
  });
});

describe("attribute verification (GetUserAttributeVerificationCode + VerifyUserAttribute)", () => {
  test("identity-js: a wrong code is refused, the logged one marks email_verified", async () => {
    const user = identityUser("unverified");
    await srpSignIn(user, PASSWORD);
    await new Promise((resolve, reject) =>
      user.getAttributeVerificationCode("email", {
        onSuccess: resolve,
        onFailure: reject,
        inputVerificationCode: resolve,
      }),
    );
    const line = [...pool.log.lines]
      .reverse()
      .find((l) => l.includes("email verification code for unverified is"));
    const code = line?.match(/is (\d{6})$/)?.[1] ?? "";
    const verify = (c: string) =>
      new Promise((resolve, reject) =>
        user.verifyAttribute("email", c, { onSuccess: resolve, onFailure: reject }),
      );
    await assert.rejects(
      verify(code === "111111" ? "222222" : "111111"),
      (err: { code?: string }) => err.code === "CodeMismatchException",
    );
    await verify(code);
    const attrs = await new Promise<{ Name: string; Value: string }[]>((resolve, reject) =>
      user.getUserAttributes((err, list) =>
        err ? reject(err) : resolve((list ?? []).map((a) => ({ Name: a.getName(), Value: a.getValue() }))),
      ),
    );
    assert.equal(attrs.find((a) => a.Name === "email_verified")?.Value, "true");
    // Now the address can receive a reset code.
    await pool.cognito.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: "unverified" }));
  });

  test("an attribute that cannot be verified, and a code never requested", async () => {
    const token = (await passwordSignIn("changer", PASSWORD)).AuthenticationResult?.AccessToken ?? "";
    await rejectsWith(
      pool.cognito.send(
        new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: "name" }),
      ),
      "InvalidParameterException",
    );
    await rejectsWith(
      pool.cognito.send(
        new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: "email", Code: "123456" }),
      ),
      "ExpiredCodeException",
    );
  });
});

describe("AWS SDK", () => {
  test("ForgotPassword: unknown and unverified users, LEGACY vs ENABLED", async () => {
    await rejectsWith(
      pool.cognito.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: "nobody" })),
      "UserNotFoundException",
    );
    const simulated = await pool.cognito.send(
      new ForgotPasswordCommand({ ClientId: ENABLED_CLIENT, Username: "nobody@example.com" }),
    );
    assert.equal(simulated.CodeDeliveryDetails?.DeliveryMedium, "EMAIL");
    await rejectsWith(
      pool.cognito.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: "unverified2" })),
      "InvalidParameterException",
      /no registered\/verified email/,
    );
    await rejectsWith(
      pool.cognito.send(
        new ConfirmForgotPasswordCommand({
          ClientId: ENABLED_CLIENT,
          Username: "nobody",
          ConfirmationCode: "123456",
          Password: "Any-Pass-123",
        }),
      ),
      "CodeMismatchException",
    );
    await rejectsWith(
      pool.cognito.send(
        new ConfirmForgotPasswordCommand({
          ClientId: CLIENT_ID,
          Username: "del",
          ConfirmationCode: "123456",
          Password: "Any-Pass-123",
        }),
      ),
      "ExpiredCodeException",
    );
  });

  test("five wrong codes exhaust a reset code", async () => {
    await pool.cognito.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: "changer" }));
    const confirm = (code: string) =>
      pool.cognito.send(
        new ConfirmForgotPasswordCommand({
          ClientId: CLIENT_ID,
          Username: "changer",
          ConfirmationCode: code,
          Password: "Changer-Pass-1",
        }),
      );
    const right = pool.log.resetCodeFor("changer");
    const wrong = right === "111111" ? "222222" : "111111";
    for (let i = 0; i < 5; i++) await rejectsWith(confirm(wrong), "CodeMismatchException");
    await rejectsWith(confirm(right), "TooManyFailedAttemptsException");
  });

  test("ChangePassword, DeleteUserAttributes (required refused), DeleteUser ends the token", async () => {
    const token = (await passwordSignIn("del", PASSWORD)).AuthenticationResult?.AccessToken ?? "";
    await rejectsWith(
      pool.cognito.send(
        new ChangePasswordCommand({
          AccessToken: token,
          PreviousPassword: "nope-Nope-1",
          ProposedPassword: "Del-Pass-1234",
        }),
      ),
      "NotAuthorizedException",
    );
    await pool.cognito.send(
      new ChangePasswordCommand({
        AccessToken: token,
        PreviousPassword: PASSWORD,
        ProposedPassword: "Del-Pass-1234",
      }),
    );
    await rejectsWith(
      pool.cognito.send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ["sub"] })),
      "InvalidParameterException",
    );
    await pool.cognito.send(new DeleteUserCommand({ AccessToken: token }));
    await rejectsWith(
      pool.cognito.send(new GetUserCommand({ AccessToken: token })),
      "NotAuthorizedException",
    );
    await rejectsWith(
      pool.cognito.send(new DeleteUserCommand({ AccessToken: "not-a-token" })),
      "NotAuthorizedException",
    );
  });
});
