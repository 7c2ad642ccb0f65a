import type { PreTokenGenerationV3TriggerHandler } from 'aws-lambda';

/**
 * A V3_0 pre token generation function for machine tokens: claims from the event (the caller's
 * `clientMetadata.tenant`, the trigger source), a scope added and one suppressed, and edits a
 * client_credentials token cannot take (its sub and client_id, groups, an ID token); or, when
 * `clientMetadata.mode` asks, a throw or the user-pools API's admin scope added.
 */
export const handler: PreTokenGenerationV3TriggerHandler = async (event) => {
  console.log(JSON.stringify(event));
  if (event.request.clientMetadata?.mode === 'throw') throw new Error('Partner is suspended');
  if (event.request.clientMetadata?.mode === 'admin') {
    event.response.claimsAndScopeOverrideDetails = { accessTokenGeneration: { scopesToAdd: ['aws.cognito.signin.user.admin'] } };
    return event;
  }
  // The typings say StringMap; V3 takes numbers and arrays as well.
  const claims = { tenant: event.request.clientMetadata?.tenant ?? 'none', source: event.triggerSource, level: 3, regions: ['eu', 'us'] };
  event.response.claimsAndScopeOverrideDetails = {
    idTokenGeneration: { claimsToAddOrOverride: { tenant: 'id-only' } },
    accessTokenGeneration: {
      claimsToAddOrOverride: { ...(claims as unknown as Record<string, string>), sub: 'forged', client_id: 'forged' },
      scopesToAdd: ['orders/audit'],
      scopesToSuppress: ['orders/write'],
    },
    groupOverrideDetails: { groupsToOverride: ['machines'] },
  };
  return event;
};
