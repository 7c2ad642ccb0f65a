/** AdminGetUser: MFAOptions appears only while SMS MFA is on; UserMFASettingList only from SetUserMFAPreference. */
import { attributeList, epochSeconds, mfaOptionsOf, mfaSettingsOf, requirePool, requireUser } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const AdminGetUser = defineOperation('AdminGetUser', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const user = await requireUser(svc.store, pool, input.Username);
  return {
    Username: user.username,
    UserAttributes: attributeList(user),
    UserCreateDate: epochSeconds(user.createdAt),
    UserLastModifiedDate: epochSeconds(user.lastModifiedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
    ...mfaOptionsOf(user),
    ...mfaSettingsOf(user),
  };
});
