/**
 * AdminDisableProviderForUser: for an external identity (ProviderName a provider, ProviderAttributeName
 * `Cognito_Subject`, the user's id there) linked to a native user, removes the link from the user's
 * `identities` (atomically), so the next sign-in with it creates a federated user of its own, as the
 * API reference says. For a federated user that the identity created (`PROVIDER_id`), the user is
 * disabled (our choice: removing its only identity would leave a user no one can sign in as, under a
 * name the next sign-in needs). For `Cognito` and a username, the native user is disabled, so it can no
 * longer sign in with its password (the API reference; our choice of mechanism). An identity no user
 * holds is UserNotFoundException "User does not exist."; other attribute names are InvalidParameterException.
 */
import { COGNITO_SUBJECT, federatedUsername, identitiesOf, withIdentities } from '../domain/identity-providers.js';
import { changeUser, requirePool, requireUser } from '../domain/users.js';
import { InvalidParameterException, UserNotFoundException } from '../errors.js';
import { defineOperation } from './operation.js';

export const AdminDisableProviderForUser = defineOperation('AdminDisableProviderForUser', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const { ProviderName: providerName, ProviderAttributeName: attribute, ProviderAttributeValue: value } = input.User;
  if (!providerName || !value) throw new InvalidParameterException("User must name a provider and the user's id at that provider.");
  const now = svc.clock.now();
  if (providerName.toLowerCase() === 'cognito') {
    const user = await requireUser(svc.store, pool, value);
    await changeUser(svc.store, user, (current) => ({ ...current, enabled: false, lastModifiedAt: now }));
    return {};
  }
  if (attribute !== COGNITO_SUBJECT) throw new InvalidParameterException(`User.ProviderAttributeName must be ${COGNITO_SUBJECT}.`);
  const user = await svc.store.findUserByProviderIdentity(pool.id, providerName, value);
  if (!user) throw new UserNotFoundException('User does not exist.');
  await changeUser(svc.store, user, (current) => {
    if (current.username === federatedUsername(providerName, value)) return { ...current, enabled: false, lastModifiedAt: now };
    const identities = identitiesOf(current);
    const rest = identities.filter((i) => !(i.providerName === providerName && i.userId === value));
    return rest.length === identities.length ? null : withIdentities(current, rest, now);
  });
  return {};
});
