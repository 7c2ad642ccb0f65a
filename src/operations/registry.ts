/** The one registry of operations: each wire name with its handler. Checked against the model at start. */
import { OPERATION_MODELS, type OperationName } from '../model/generated.js';
import type { Operation } from './operation.js';
import { AdminConfirmSignUp } from './AdminConfirmSignUp.js';
import { AdminCreateUser } from './AdminCreateUser.js';
import { AdminDeleteUser } from './AdminDeleteUser.js';
import { AdminDisableUser } from './AdminDisableUser.js';
import { AdminEnableUser } from './AdminEnableUser.js';
import { AdminGetUser } from './AdminGetUser.js';
import { AdminInitiateAuth } from './AdminInitiateAuth.js';
import { AdminRespondToAuthChallenge } from './AdminRespondToAuthChallenge.js';
import { AdminSetUserMFAPreference } from './AdminSetUserMFAPreference.js';
import { AdminSetUserPassword } from './AdminSetUserPassword.js';
import { AdminSetUserSettings } from './AdminSetUserSettings.js';
import { AdminUpdateUserAttributes } from './AdminUpdateUserAttributes.js';
import { AdminUserGlobalSignOut } from './AdminUserGlobalSignOut.js';
import { AssociateSoftwareToken } from './AssociateSoftwareToken.js';
import { CreateUserPool } from './CreateUserPool.js';
import { CreateUserPoolClient } from './CreateUserPoolClient.js';
import { DeleteUserPool } from './DeleteUserPool.js';
import { DeleteUserPoolClient } from './DeleteUserPoolClient.js';
import { DescribeUserPool } from './DescribeUserPool.js';
import { DescribeUserPoolClient } from './DescribeUserPoolClient.js';
import { GetUser } from './GetUser.js';
import { GetUserPoolMfaConfig } from './GetUserPoolMfaConfig.js';
import { GlobalSignOut } from './GlobalSignOut.js';
import { InitiateAuth } from './InitiateAuth.js';
import { ListUserPoolClients } from './ListUserPoolClients.js';
import { ListUserPools } from './ListUserPools.js';
import { ListUsers } from './ListUsers.js';
import { RespondToAuthChallenge } from './RespondToAuthChallenge.js';
import { RevokeToken } from './RevokeToken.js';
import { SetUserMFAPreference } from './SetUserMFAPreference.js';
import { SetUserPoolMfaConfig } from './SetUserPoolMfaConfig.js';
import { SetUserSettings } from './SetUserSettings.js';
import { SignUp } from './SignUp.js';
import { ConfirmSignUp } from './ConfirmSignUp.js';
import { ResendConfirmationCode } from './ResendConfirmationCode.js';
import { ForgotPassword } from './ForgotPassword.js';
import { ConfirmForgotPassword } from './ConfirmForgotPassword.js';
import { ChangePassword } from './ChangePassword.js';
import { UpdateUserAttributes } from './UpdateUserAttributes.js';
import { GetUserAttributeVerificationCode } from './GetUserAttributeVerificationCode.js';
import { VerifyUserAttribute } from './VerifyUserAttribute.js';
import { DeleteUser } from './DeleteUser.js';
import { UpdateUserPool } from './UpdateUserPool.js';
import { VerifySoftwareToken } from './VerifySoftwareToken.js';
import { CreateGroup } from './CreateGroup.js';
import { GetGroup } from './GetGroup.js';
import { ListGroups } from './ListGroups.js';
import { UpdateGroup } from './UpdateGroup.js';
import { DeleteGroup } from './DeleteGroup.js';
import { AdminAddUserToGroup } from './AdminAddUserToGroup.js';
import { AdminRemoveUserFromGroup } from './AdminRemoveUserFromGroup.js';
import { AdminListGroupsForUser } from './AdminListGroupsForUser.js';
import { ListUsersInGroup } from './ListUsersInGroup.js';
import { AddCustomAttributes } from './AddCustomAttributes.js';
import { UpdateUserPoolClient } from './UpdateUserPoolClient.js';
import { AddUserPoolClientSecret } from './AddUserPoolClientSecret.js';
import { DeleteUserPoolClientSecret } from './DeleteUserPoolClientSecret.js';
import { ListUserPoolClientSecrets } from './ListUserPoolClientSecrets.js';
import { TagResource } from './TagResource.js';
import { UntagResource } from './UntagResource.js';
import { ListTagsForResource } from './ListTagsForResource.js';
import { AdminDeleteUserAttributes } from './AdminDeleteUserAttributes.js';
import { DeleteUserAttributes } from './DeleteUserAttributes.js';
import { AdminResetUserPassword } from './AdminResetUserPassword.js';
import { GetUserAuthFactors } from './GetUserAuthFactors.js';
import { GetTokensFromRefreshToken } from './GetTokensFromRefreshToken.js';
import { CreateResourceServer } from './CreateResourceServer.js';
import { DescribeResourceServer } from './DescribeResourceServer.js';
import { ListResourceServers } from './ListResourceServers.js';
import { UpdateResourceServer } from './UpdateResourceServer.js';
import { DeleteResourceServer } from './DeleteResourceServer.js';
import { CreateIdentityProvider } from './CreateIdentityProvider.js';
import { DescribeIdentityProvider } from './DescribeIdentityProvider.js';
import { ListIdentityProviders } from './ListIdentityProviders.js';
import { UpdateIdentityProvider } from './UpdateIdentityProvider.js';
import { DeleteIdentityProvider } from './DeleteIdentityProvider.js';
import { GetIdentityProviderByIdentifier } from './GetIdentityProviderByIdentifier.js';
import { AdminLinkProviderForUser } from './AdminLinkProviderForUser.js';
import { AdminDisableProviderForUser } from './AdminDisableProviderForUser.js';
import { GetUICustomization } from './GetUICustomization.js';
import { SetUICustomization } from './SetUICustomization.js';
import { CreateUserPoolDomain } from './CreateUserPoolDomain.js';
import { DescribeUserPoolDomain } from './DescribeUserPoolDomain.js';
import { UpdateUserPoolDomain } from './UpdateUserPoolDomain.js';
import { DeleteUserPoolDomain } from './DeleteUserPoolDomain.js';
import { GetSigningCertificate } from './GetSigningCertificate.js';
import { ConfirmDevice } from './ConfirmDevice.js';
import { GetDevice } from './GetDevice.js';
import { ListDevices } from './ListDevices.js';
import { ForgetDevice } from './ForgetDevice.js';
import { UpdateDeviceStatus } from './UpdateDeviceStatus.js';
import { AdminGetDevice } from './AdminGetDevice.js';
import { AdminListDevices } from './AdminListDevices.js';
import { AdminForgetDevice } from './AdminForgetDevice.js';
import { AdminUpdateDeviceStatus } from './AdminUpdateDeviceStatus.js';
import { GetCSVHeader } from './GetCSVHeader.js';
import { CreateUserImportJob } from './CreateUserImportJob.js';
import { DescribeUserImportJob } from './DescribeUserImportJob.js';
import { ListUserImportJobs } from './ListUserImportJobs.js';
import { StartUserImportJob } from './StartUserImportJob.js';
import { StopUserImportJob } from './StopUserImportJob.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ALL: Operation<any>[] = [
  AdminConfirmSignUp,
  AdminCreateUser,
  AdminDeleteUser,
  AdminDisableUser,
  AdminEnableUser,
  AdminGetUser,
  AdminInitiateAuth,
  AdminRespondToAuthChallenge,
  AdminSetUserMFAPreference,
  AdminSetUserPassword,
  AdminSetUserSettings,
  AdminUpdateUserAttributes,
  AdminUserGlobalSignOut,
  AssociateSoftwareToken,
  CreateUserPool,
  CreateUserPoolClient,
  DeleteUserPool,
  DeleteUserPoolClient,
  DescribeUserPool,
  DescribeUserPoolClient,
  GetUser,
  GetUserPoolMfaConfig,
  GlobalSignOut,
  InitiateAuth,
  ListUserPoolClients,
  ListUserPools,
  ListUsers,
  RespondToAuthChallenge,
  RevokeToken,
  SetUserMFAPreference,
  SetUserPoolMfaConfig,
  SetUserSettings,
  UpdateUserPool,
  VerifySoftwareToken,
  SignUp,
  ConfirmSignUp,
  ResendConfirmationCode,
  ForgotPassword,
  ConfirmForgotPassword,
  ChangePassword,
  UpdateUserAttributes,
  GetUserAttributeVerificationCode,
  VerifyUserAttribute,
  DeleteUser,
  CreateGroup,
  GetGroup,
  ListGroups,
  UpdateGroup,
  DeleteGroup,
  AdminAddUserToGroup,
  AdminRemoveUserFromGroup,
  AdminListGroupsForUser,
  ListUsersInGroup,
  AddCustomAttributes,
  UpdateUserPoolClient,
  AddUserPoolClientSecret,
  DeleteUserPoolClientSecret,
  ListUserPoolClientSecrets,
  TagResource,
  UntagResource,
  ListTagsForResource,
  AdminDeleteUserAttributes,
  DeleteUserAttributes,
  AdminResetUserPassword,
  GetUserAuthFactors,
  GetTokensFromRefreshToken,
  CreateResourceServer,
  DescribeResourceServer,
  ListResourceServers,
  UpdateResourceServer,
  DeleteResourceServer,
  CreateIdentityProvider,
  DescribeIdentityProvider,
  ListIdentityProviders,
  UpdateIdentityProvider,
  DeleteIdentityProvider,
  GetIdentityProviderByIdentifier,
  AdminLinkProviderForUser,
  AdminDisableProviderForUser,
  GetUICustomization,
  SetUICustomization,
  CreateUserPoolDomain,
  DescribeUserPoolDomain,
  UpdateUserPoolDomain,
  DeleteUserPoolDomain,
  GetSigningCertificate,
  ConfirmDevice,
  GetDevice,
  ListDevices,
  ForgetDevice,
  UpdateDeviceStatus,
  AdminGetDevice,
  AdminListDevices,
  AdminForgetDevice,
  AdminUpdateDeviceStatus,
  GetCSVHeader,
  CreateUserImportJob,
  DescribeUserImportJob,
  ListUserImportJobs,
  StartUserImportJob,
  StopUserImportJob,
];

/**
 * Builds the operation map and refuses to start if the registry and the model disagree: an operation
 * with a model but no handler, a handler with no model, or the same handler twice.
 */
export function buildRegistry(handlers: readonly Operation<OperationName>[] = ALL): ReadonlyMap<OperationName, Operation<OperationName>> {
  const map = new Map<OperationName, Operation<OperationName>>();
  for (const h of handlers) {
    if (!(h.name in OPERATION_MODELS)) throw new TypeError(`operation ${h.name} has a handler but no model`);
    if (map.has(h.name)) throw new TypeError(`operation ${h.name} is registered twice`);
    map.set(h.name, h);
  }
  for (const name of Object.keys(OPERATION_MODELS) as OperationName[]) {
    if (!map.has(name)) throw new TypeError(`operation ${name} has a model but no handler`);
  }
  return map;
}
