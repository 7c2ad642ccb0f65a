/**
 * Short documentation strings for the command line's manual pages and YAML skeletons, in our own
 * words (AWS's documentation text is deliberately not copied). Members without an entry get a
 * sentence derived from their name.
 */
import type { OperationName } from './generated.js';

export const OPERATION_DOCS: Record<OperationName, string> = {
  CreateUserPool: 'Creates a user pool with the given name and settings, and returns its description.',
  DescribeUserPool: 'Returns the settings of a user pool.',
  ListUserPools: 'Lists the user pools of the account, a page at a time.',
  UpdateUserPool: 'Replaces the updatable settings of a user pool. Settings you leave out return to their defaults.',
  DeleteUserPool: 'Deletes a user pool together with its users and app clients.',
  SetUserPoolMfaConfig: 'Sets the multi-factor authentication configuration of a user pool (off, optional or required; SMS and TOTP settings).',
  GetUserPoolMfaConfig: 'Returns the multi-factor authentication configuration of a user pool.',
  CreateUserPoolClient: 'Creates an app client in a user pool; the client id is what sign-in requests name.',
  DescribeUserPoolClient: 'Returns the settings of an app client.',
  ListUserPoolClients: 'Lists the app clients of a user pool, a page at a time.',
  DeleteUserPoolClient: 'Deletes an app client from a user pool.',
  AdminCreateUser: 'Creates a user as an administrator. The user starts with a temporary password and must choose a new one at first sign-in.',
  AdminGetUser: "Returns a user's attributes, status and MFA settings, as an administrator.",
  AdminDeleteUser: 'Deletes a user as an administrator.',
  ListUsers: 'Lists the users of a user pool, optionally filtered by an attribute, a page at a time.',
  AdminSetUserPassword: "Sets a user's password as an administrator, either as a temporary password or as a permanent one.",
  AdminConfirmSignUp: "Confirms a user's registration without a confirmation code, as an administrator.",
  AdminUpdateUserAttributes: 'Changes or adds attributes of a user, as an administrator.',
  AdminDisableUser: 'Disables a user: the user can no longer sign in and existing tokens stop working.',
  AdminEnableUser: 'Enables a user that was disabled.',
  GetUser: 'Returns the attributes and MFA settings of the user an access token belongs to.',
  InitiateAuth: 'Starts a sign-in with an app client. Returns tokens, or the challenge the user must answer next.',
  AdminInitiateAuth: 'Starts a sign-in as an administrator. Returns tokens, or the challenge the user must answer next.',
  RespondToAuthChallenge: 'Answers a sign-in challenge (an SMS code, a new password) and returns tokens or the next challenge.',
  AdminRespondToAuthChallenge: 'Answers a sign-in challenge as an administrator and returns tokens or the next challenge.',
  GlobalSignOut: 'Signs the user of an access token out of every device: its refresh tokens stop working.',
  AdminUserGlobalSignOut: 'Signs a user out of every device, as an administrator.',
  RevokeToken: 'Revokes a refresh token and the access tokens issued with it.',
  SetUserSettings:
    'Legacy switch for SMS multi-factor authentication of the signed-in user: a list with one SMS entry turns SMS MFA on, an empty list turns it off. It cannot configure TOTP; prefer the MFA preference operations where they are available.',
  AdminSetUserSettings: "Legacy switch for a user's SMS multi-factor authentication, as an administrator.",
  SetUserMFAPreference: "Turns the signed-in user's SMS, TOTP and email multi-factor authentication on or off and chooses at most one of them as preferred.",
  AdminSetUserMFAPreference: "Turns a user's SMS, TOTP and email multi-factor authentication on or off and chooses the preferred one, as an administrator.",
  AssociateSoftwareToken:
    'Issues a new TOTP secret for an authenticator app, for the signed-in user or for the user of an MFA setup challenge. The secret is used once VerifySoftwareToken confirms it.',
  VerifySoftwareToken:
    'Confirms a TOTP secret with a code from the authenticator app. During an MFA setup challenge it returns the session to finish sign-in with.',
  SignUp: 'Registers a new user with an app client. The user stays unconfirmed until ConfirmSignUp is called with the code that was sent.',
  ConfirmSignUp: 'Confirms a registration with the code that SignUp or ResendConfirmationCode sent, and verifies the address it went to.',
  ResendConfirmationCode: 'Sends a new registration code to an unconfirmed user; the previous code stops working.',
  ForgotPassword: "Sends a password-reset code to the user's verified email address or phone number.",
  ConfirmForgotPassword: 'Sets a new password with the code that ForgotPassword sent.',
  ChangePassword: "Changes the signed-in user's password, given the current one.",
  UpdateUserAttributes: 'Changes or adds attributes of the signed-in user. A changed email address or phone number must be verified again.',
  GetUserAttributeVerificationCode: "Sends a code to the signed-in user's email address or phone number, to verify it with VerifyUserAttribute.",
  VerifyUserAttribute: "Marks the signed-in user's email address or phone number as verified, given the code that was sent to it.",
  DeleteUser: "Deletes the signed-in user's own account.",
  CreateGroup: 'Creates a group in a user pool, optionally with a description, an IAM role and a precedence.',
  GetGroup: 'Returns a group of a user pool.',
  ListGroups: 'Lists the groups of a user pool, a page at a time.',
  UpdateGroup: 'Changes the description, IAM role or precedence of a group. Settings you leave out keep their values.',
  DeleteGroup: 'Deletes a group; its members leave it, and tokens issued from then on no longer name it.',
  AdminAddUserToGroup: 'Adds a user to a group, as an administrator. Adding a member again changes nothing.',
  AdminRemoveUserFromGroup: 'Removes a user from a group, as an administrator.',
  AdminListGroupsForUser: 'Lists the groups a user belongs to, a page at a time, as an administrator.',
  ListUsersInGroup: 'Lists the users in a group, a page at a time.',
  AddCustomAttributes:
    'Adds custom attributes to the schema of a user pool. They are named custom:NAME (dev:custom:NAME when developer-only); existing attributes cannot be changed.',
  UpdateUserPoolClient: 'Replaces the settings of an app client. Settings you leave out return to their defaults, so send the whole configuration.',
  AddUserPoolClientSecret: 'Adds a second secret to an app client, for rotating secrets without downtime. Either secret is accepted until one is deleted.',
  DeleteUserPoolClientSecret: 'Deletes one secret of an app client. The last remaining secret cannot be deleted.',
  ListUserPoolClientSecrets: 'Lists the ids and creation dates of the secrets of an app client, without their values.',
  TagResource: 'Adds tags (key-value pairs) to a user pool, or changes the values of existing keys.',
  UntagResource: 'Removes tags from a user pool by key.',
  ListTagsForResource: 'Lists the tags of a user pool.',
  AdminDeleteUserAttributes: 'Deletes attributes of a user, as an administrator. Required attributes cannot be deleted.',
  DeleteUserAttributes: 'Deletes attributes of the signed-in user. Required attributes cannot be deleted.',
  AdminResetUserPassword:
    "Starts a password reset as an administrator: the user's password stops working, and a reset code goes to the user's verified email address or phone number, to use with ConfirmForgotPassword.",
  GetUserAuthFactors: "Lists the signed-in user's MFA settings and the factors the user can sign in with.",
  GetTokensFromRefreshToken:
    'Issues new ID and access tokens for a refresh token. When the app client rotates refresh tokens, a new refresh token is issued too and the one sent stops working after the grace period.',
  CreateUserPoolDomain:
    'Gives a user pool a domain (a prefix, or a custom domain with a certificate) where its hosted sign-in pages and OAuth 2.0 endpoints answer.',
  DescribeUserPoolDomain: 'Returns the user pool, status and settings of a domain.',
  UpdateUserPoolDomain: 'Changes the managed login version of a domain, or the certificate of a custom domain.',
  DeleteUserPoolDomain: 'Removes a domain from a user pool; its hosted sign-in pages and OAuth 2.0 endpoints stop answering.',
  GetSigningCertificate: "Returns the user pool's signing certificate (base64 DER), as given to SAML identity providers.",
};

/** Notes shown under DESCRIPTION, keyed by operation. */
export const OPERATION_NOTES: Partial<Record<OperationName, string>> = {
  SetUserSettings: 'The request is authorised by the access token in its body, not by IAM credentials: the AWS CLI and cognate send it unsigned.',
  GetUser: 'The request is authorised by the access token in its body and is sent unsigned.',
  InitiateAuth: "The request is authorised by the app client and the user's credentials and is sent unsigned.",
  RespondToAuthChallenge: 'The request is sent unsigned; the session from the previous step ties it to the sign-in.',
  GlobalSignOut: 'The request is authorised by the access token in its body and is sent unsigned.',
  RevokeToken: 'The request is authorised by the app client and is sent unsigned.',
  SetUserMFAPreference:
    'The request is authorised by the access token in its body and is sent unsigned. While the user pool requires MFA, a factor that is on cannot be turned off.',
  AssociateSoftwareToken: 'The request is sent unsigned: it is authorised by the access token or by the session of an MFA setup challenge.',
  VerifySoftwareToken:
    'The request is sent unsigned: it is authorised by the access token or by the session of an MFA setup challenge. Each code is accepted once.',
  SignUp: 'The request is authorised by the app client and is sent unsigned.',
  ConfirmSignUp: 'The request is authorised by the app client and is sent unsigned. After several wrong codes the code is locked until a new one is requested.',
  ResendConfirmationCode: 'The request is authorised by the app client and is sent unsigned.',
  ForgotPassword: 'The request is authorised by the app client and is sent unsigned. The code is valid for one hour.',
  ConfirmForgotPassword: 'The request is authorised by the app client and is sent unsigned.',
  ChangePassword: 'The request is authorised by the access token in its body and is sent unsigned.',
  UpdateUserAttributes: 'The request is authorised by the access token in its body and is sent unsigned.',
  GetUserAttributeVerificationCode: 'The request is authorised by the access token in its body and is sent unsigned.',
  VerifyUserAttribute: 'The request is authorised by the access token in its body and is sent unsigned.',
  DeleteUser: 'The request is authorised by the access token in its body and is sent unsigned.',
  AdminAddUserToGroup:
    'Group membership shows in tokens issued after the change (cognito:groups, and in the ID token cognito:roles and cognito:preferred_role); tokens issued before keep their claims until the next sign-in or refresh.',
  AdminRemoveUserFromGroup: 'Tokens issued before the change keep their group claims until the next sign-in or refresh.',
  UpdateUserPoolClient:
    'This is a full replace, as in Amazon Cognito: every setting you leave out (token validities, auth flows, OAuth settings, read and write attributes) returns to its default.',
  AddUserPoolClientSecret: 'A client can have at most two secrets. The secret value is returned only when cognate generates it.',
  DeleteUserAttributes: 'The request is authorised by the access token in its body and is sent unsigned.',
  GetUserAuthFactors: 'The request is authorised by the access token in its body and is sent unsigned.',
  GetTokensFromRefreshToken: 'The request is authorised by the refresh token and the app client, and is sent unsigned.',
  AdminResetUserPassword: 'Until the user sets a new password with ConfirmForgotPassword, sign-in answers PasswordResetRequiredException.',
  CreateUserPoolDomain:
    'cognate serves the domain at once (status ACTIVE), at http://HOST:PORT/oauth/DOMAIN/ and at http://DOMAIN.auth.REGION.localhost:PORT/.',
};

/** Member documentation, keyed `Member` or `Shape.Member` (the latter wins). */
export const MEMBER_DOCS: Record<string, string> = {
  AccessToken: 'An access token that the user pool issued to the signed-in user.',
  MFAOptions: 'The SMS multi-factor authentication settings: one entry with DeliveryMedium SMS and AttributeName phone_number, or an empty list.',
  'MFAOptionType.DeliveryMedium': 'How the code is delivered. Only SMS is used for MFA.',
  'MFAOptionType.AttributeName': 'The attribute that holds the destination. Only phone_number is used.',
  UserPoolId: 'The id of the user pool.',
  Username: 'The user name, or an alias of the user (email or phone number) when the pool allows aliases.',
  ClientId: 'The id of the app client.',
  ClientName: 'A name for the app client.',
  PoolName: 'A name for the user pool.',
  Password: 'The new password.',
  Permanent: 'Whether the password is permanent. A temporary password must be changed at the next sign-in.',
  TemporaryPassword: 'The temporary password; when left out, one is generated.',
  UserAttributes: 'Attributes as a list of Name and Value pairs.',
  'AttributeType.Name': 'The attribute name, for example email or phone_number.',
  'AttributeType.Value': 'The attribute value.',
  AuthFlow: 'The sign-in flow.',
  AuthParameters: "The flow's inputs, for example USERNAME and PASSWORD, or REFRESH_TOKEN.",
  ChallengeName: 'The challenge being answered.',
  ChallengeResponses: 'The answers to the challenge, for example USERNAME and SMS_MFA_CODE.',
  Session: 'The session returned by the previous step of the sign-in.',
  ClientMetadata: 'Key-value pairs passed on to Lambda triggers.',
  MaxResults: 'The most results to return in one page.',
  Limit: 'The most users to return in one page.',
  NextToken: 'The token of the page to return, from the previous response.',
  PaginationToken: 'The token of the page to return, from the previous response.',
  Filter: 'A filter of the form "attribute = \\"value\\"" or "attribute ^= \\"prefix\\"".',
  AttributesToGet: 'The attributes to return for each user.',
  MessageAction: 'RESEND to send the invitation again, SUPPRESS to send none.',
  DesiredDeliveryMediums: 'Where to send the invitation: SMS, EMAIL or both.',
  ForceAliasCreation: 'Whether to move an alias (email or phone number) that another user holds to this user.',
  ValidationData: 'Attributes for pre-sign-up validation triggers; they are not stored.',
  MfaConfiguration: 'OFF, ON (required) or OPTIONAL multi-factor authentication.',
  SmsMfaConfiguration: 'The SMS MFA settings: the message and the SMS configuration.',
  SoftwareTokenMfaConfiguration: 'Whether TOTP software-token MFA is enabled.',
  SmsConfiguration: 'The IAM role (and external id) the pool uses to send SMS messages.',
  Token: 'The refresh token to revoke.',
  RefreshToken: 'A refresh token the user pool issued to the app client.',
  UserAttributeNames: 'The names of the attributes to delete.',
  DeviceKey: 'The key of a remembered device; accepted and not used by cognate.',
  ClientSecret: "The app client's secret, when it has one.",
  ExplicitAuthFlows: 'The sign-in flows the app client allows.',
  GenerateSecret: 'Whether to generate a client secret.',
  Policies: "The pool's policies, such as the password policy.",
  AutoVerifiedAttributes: 'Attributes verified automatically by sending a code.',
  UsernameAttributes: 'Attributes that may be used as the user name.',
  AliasAttributes: 'Attributes that may be used as aliases of the user name.',
  Schema: 'Attribute definitions of the pool.',
  SMSMfaSettings: 'Whether SMS multi-factor authentication is on, and whether it is the preferred method.',
  SoftwareTokenMfaSettings: 'Whether TOTP (authenticator app) multi-factor authentication is on, and whether it is the preferred method.',
  EmailMfaSettings: 'Whether email multi-factor authentication is on, and whether it is the preferred method.',
  WebAuthnMfaSettings: 'Passkey settings; accepted and not used by cognate.',
  Enabled: 'Whether the setting is on.',
  PreferredMfa: 'Whether this is the method the user is asked for first. At most one method can be preferred.',
  UserCode: 'The six-digit code the authenticator app shows now.',
  FriendlyDeviceName: 'A name for the authenticator, shown back in the sign-in challenge.',
  'AssociateSoftwareTokenRequest.Session': 'The session of an MFA setup challenge, when the user is not signed in yet.',
  'VerifySoftwareTokenRequest.Session': 'The session AssociateSoftwareToken returned during an MFA setup challenge.',
  SecretHash: 'The keyed hash of the user name and client id, required when the app client has a secret.',
  ConfirmationCode: 'The code that was sent to the user.',
  'SignUpRequest.Password': 'The password the new user signs in with.',
  'ConfirmForgotPasswordRequest.Password': 'The new password.',
  'SignUpRequest.Username': 'The user name to register, or an email address or phone number in pools that sign in with those.',
  PreviousPassword: 'The current password.',
  ProposedPassword: 'The new password.',
  AttributeName: 'The attribute to verify: email or phone_number.',
  Code: 'The verification code that was sent.',
  AnalyticsMetadata: 'Analytics settings; accepted and not used by cognate.',
  UserContextData: "Data about the user's device for threat protection; accepted and not used by cognate.",
  CustomAttributes: 'The attributes to add: each with a Name (without the custom: prefix), an AttributeDataType and optional constraints.',
  ClientSecretId: 'The id of a client secret, as AddUserPoolClientSecret or ListUserPoolClientSecrets returned it.',
  'AddUserPoolClientSecretRequest.ClientSecret': 'The secret to add; when left out, one is generated and returned.',
  ResourceArn: 'The ARN of the user pool, as DescribeUserPool reports it.',
  Tags: 'The tags as key-value pairs.',
  TagKeys: 'The keys of the tags to remove.',
  'ConfirmSignUpRequest.Session': 'A session for signing in right after confirmation; accepted and not used by cognate.',
  GroupName: 'The name of the group.',
  Description: 'A description of the group.',
  RoleArn: "The ARN of an IAM role for the group's members; ID tokens name it in cognito:roles.",
  Precedence:
    "The group's rank, 0 being the highest. The role of the highest-ranked group with a role becomes the ID token's cognito:preferred_role; two groups of equal rank with different roles give none.",
  'ListGroupsRequest.Limit': 'The most groups to return in one page (at most 60).',
  'AdminListGroupsForUserRequest.Limit': 'The most groups to return in one page (at most 60).',
  'ListUsersInGroupRequest.Limit': 'The most users to return in one page (at most 60).',
};

export const PAGING_DOCS: Record<string, string> = {
  'starting-token': 'A token from a previous truncated listing (the NextToken it printed), to continue from there.',
  'page-size': 'How many items to ask the service for in each call. Smaller pages make more calls but each returns sooner.',
  'max-items': 'The most items to print in total. When more are available, a NextToken is printed to continue with --starting-token.',
};

/** The documentation of a member, or a sentence derived from its name. */
export function memberDoc(structure: string, member: string): string {
  return MEMBER_DOCS[`${structure}.${member}`] ?? MEMBER_DOCS[member] ?? `The ${humanize(member)}.`;
}

function humanize(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(' ')
    .map((w) => (/^[A-Z]{2,}/.test(w) ? w : w.toLowerCase()))
    .join(' ');
}
