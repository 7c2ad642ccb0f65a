/**
 * AdminLinkProviderForUser: links an external identity (SourceUser: a provider of the pool and the
 * user's id there, ProviderAttributeName `Cognito_Subject`) to an existing native user (DestinationUser:
 * ProviderName `Cognito`, the username as value). The link is an entry of the user's `identities`
 * attribute, written through the atomic user change; the store's identity index refuses an identity
 * another user holds (AliasExistsException), so of two concurrent links one wins.
 *
 * Our choices where the reference is silent, InvalidParameterException in our words unless noted: a
 * DestinationUser provider other than Cognito; a source provider the pool does not have ("The provider X
 * does not exist for User Pool Y.", Cognito's words for clients); a ProviderAttributeName other than
 * Cognito_Subject (Cognito also takes a mapped attribute for OIDC and SAML; matching by attribute at
 * sign-in is not implemented); a source identity that already is a federated user of its own ("Merging
 * is not currently supported, provide a SourceUser that has not been signed up in order to link", the
 * service's words as found by public code search). Linking an identity the user already has is a
 * no-op; a sixth link is LimitExceededException.
 */
import { COGNITO_SUBJECT, federatedUsername, identitiesOf, identityEntry, MAX_LINKS_PER_USER, withIdentities } from '../domain/identity-providers.js';
import { changeUser, requirePool, requireUser } from '../domain/users.js';
import { AliasExistsException, InvalidParameterException, LimitExceededException } from '../errors.js';
import { defineOperation } from './operation.js';

export const AdminLinkProviderForUser = defineOperation('AdminLinkProviderForUser', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const dest = input.DestinationUser;
  const source = input.SourceUser;
  if (dest.ProviderName?.toLowerCase() !== 'cognito' || !dest.ProviderAttributeValue) {
    throw new InvalidParameterException('DestinationUser must be a user of the pool: ProviderName Cognito and the username as ProviderAttributeValue.');
  }
  if (!source.ProviderName || !source.ProviderAttributeValue) {
    throw new InvalidParameterException("SourceUser must name a provider and the user's id at that provider.");
  }
  const provider = await svc.store.getIdentityProvider(pool.id, source.ProviderName);
  if (!provider) throw new InvalidParameterException(`The provider ${source.ProviderName} does not exist for User Pool ${pool.id}.`);
  if (source.ProviderAttributeName !== COGNITO_SUBJECT) {
    throw new InvalidParameterException(`SourceUser.ProviderAttributeName must be ${COGNITO_SUBJECT}: linking by a mapped attribute is not supported.`);
  }
  const user = await requireUser(svc.store, pool, dest.ProviderAttributeValue);
  if (user.status === 'EXTERNAL_PROVIDER') throw new InvalidParameterException('DestinationUser must be a native user, not a federated one.');
  const userId = source.ProviderAttributeValue;
  const holder = await svc.store.findUserByProviderIdentity(pool.id, provider.name, userId);
  if (holder && holder.sub !== user.sub) {
    if (holder.username === federatedUsername(provider.name, userId)) {
      throw new InvalidParameterException('Merging is not currently supported, provide a SourceUser that has not been signed up in order to link');
    }
    throw new AliasExistsException(`The external identity ${provider.name}:${userId} is already linked to another user.`);
  }
  const now = svc.clock.now();
  await changeUser(svc.store, user, (current) => {
    const identities = identitiesOf(current);
    if (identities.some((i) => i.providerName === provider.name && i.userId === userId)) return null;
    if (identities.length >= MAX_LINKS_PER_USER) {
      throw new LimitExceededException(`A user can be linked to at most ${MAX_LINKS_PER_USER} external identities.`);
    }
    return withIdentities(current, [...identities, identityEntry(provider, userId, false, now)], now);
  });
  return {};
});
