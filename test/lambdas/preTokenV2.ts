import type { PreTokenGenerationV2TriggerHandler } from 'aws-lambda';

/**
 * A V2_0 (or V3_0) pre token generation function: claims of several JSON types in the access token, a
 * scope added and one suppressed, and the groups replaced; or, as the user name's first word (or
 * `clientMetadata.mode`) asks, the admin scope suppressed, or a throw. Cognito sends
 * `claimsAndScopeOverrideDetails: null`, so the function builds the object itself.
 */
export const handler: PreTokenGenerationV2TriggerHandler = async (event) => {
  console.log(JSON.stringify(event));
  const mode = event.request.clientMetadata?.mode ?? event.userName.split('-')[0];
  if (mode === 'throw') throw new Error('Entitlements service unavailable');
  if (mode === 'noadmin') {
    event.response.claimsAndScopeOverrideDetails = { accessTokenGeneration: { scopesToSuppress: ['aws.cognito.signin.user.admin'] } };
    return event;
  }
  // The typings say StringMap; V2 takes numbers, booleans, arrays and objects as well.
  const accessClaims = { tenant: 'acme', level: 3, beta: true, roles: ['reader', 'writer'], plan: { name: 'gold' }, source: event.triggerSource };
  event.response.claimsAndScopeOverrideDetails = {
    idTokenGeneration: { claimsToAddOrOverride: { tenant: 'acme' }, claimsToSuppress: ['phone_number'] },
    accessTokenGeneration: {
      claimsToAddOrOverride: { ...(accessClaims as unknown as Record<string, string>), client_id: 'forged', sub: 'forged' },
      claimsToSuppress: ['event_id'],
      scopesToAdd: ['orders/read', 'orders/write', 'has space'],
      scopesToSuppress: ['orders/write'],
    },
    groupOverrideDetails: { groupsToOverride: ['premium'] },
  };
  return event;
};
