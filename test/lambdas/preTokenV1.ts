import type { PreTokenGenerationTriggerHandler } from 'aws-lambda';

/**
 * A V1_0 pre token generation function: adds a tenant to the ID token and hides the email, or, as the user
 * name's first word (or `clientMetadata.mode`) asks, overrides the groups, tries Cognito's fixed claims,
 * answers a number where V1 takes strings, or throws. Cognito sends `claimsOverrideDetails: null`, so the
 * function builds the object itself.
 */
export const handler: PreTokenGenerationTriggerHandler = async (event) => {
  console.log(JSON.stringify(event));
  const mode = event.request.clientMetadata?.mode ?? event.userName.split('-')[0];
  if (mode === 'throw') throw new Error('No tenant for this user');
  const claims = { tenant: 'acme', source: event.triggerSource };
  switch (mode) {
    case 'groups':
      event.response.claimsOverrideDetails = {
        groupOverrideDetails: {
          groupsToOverride: ['editors', 'viewers'],
          iamRolesToOverride: ['arn:aws:iam::123456789012:role/editor'],
          preferredRole: 'arn:aws:iam::123456789012:role/editor',
        },
      };
      break;
    case 'nogroups':
      event.response.claimsOverrideDetails = { claimsToAddOrOverride: claims, groupOverrideDetails: {} };
      break;
    case 'reserved':
      event.response.claimsOverrideDetails = {
        claimsToAddOrOverride: { ...claims, sub: 'forged', iss: 'https://evil.example', 'cognito:username': 'mallory', 'cognito:groups': 'admins' },
        claimsToSuppress: ['token_use', 'exp', 'aud'],
      };
      break;
    case 'number':
      event.response.claimsOverrideDetails = { claimsToAddOrOverride: { level: 3 as unknown as string } };
      break;
    default:
      event.response.claimsOverrideDetails = { claimsToAddOrOverride: { ...claims, hidden: 'both' }, claimsToSuppress: ['email', 'hidden'] };
  }
  return event;
};
