import { cognitoUserPoolsTokenProvider } from "@aws-amplify/auth/cognito";
import { Amplify, defaultStorage } from "@aws-amplify/core";
import { CognitoUser, CognitoUserPool } from "amazon-cognito-identity-js";

// The browser libraries, unchanged, in Node against a test pool: they reach it through their own
// endpoint settings, as an app pointed at Tollgate would.

/**
 * What aws-amplify's Amplify.configure does for Auth, with @aws-amplify/auth alone: the Cognito token
 * provider over the default storage, aimed at the test pool's endpoint.
 */
export function configureAmplify(endpoint: string, userPoolId: string, userPoolClientId: string): void {
  const config = { Auth: { Cognito: { userPoolId, userPoolClientId, userPoolEndpoint: endpoint } } };
  cognitoUserPoolsTokenProvider.setAuthConfig(config.Auth);
  cognitoUserPoolsTokenProvider.setKeyValueStorage(defaultStorage);
  Amplify.configure(config, { Auth: { tokenProvider: cognitoUserPoolsTokenProvider } });
}

/** An amazon-cognito-identity-js user of the test pool, before it signs in. */
export function identityJsUser(
  endpoint: string,
  userPoolId: string,
  clientId: string,
  username: string,
): CognitoUser {
  return new CognitoUser({
    Username: username,
    Pool: new CognitoUserPool({ UserPoolId: userPoolId, ClientId: clientId, endpoint }),
  });
}
