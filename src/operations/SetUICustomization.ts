/**
 * SetUICustomization: the CSS and logo of the hosted pages for one app client, or for the pool with
 * ClientId "ALL" (also when ClientId is left out, our choice). The CSS is checked as the classic hosted
 * UI allows (domain/ui-customization.ts); the logo's bytes are stored. Setting neither clears the
 * customization. An app client of another pool, or none, is ResourceNotFoundException. The pool must
 * have a domain (the developer guide); without one it is InvalidParameterException with the message
 * Cognito is reported to give (domain/ui-customization.ts NO_DOMAIN), checked after the pool exists and
 * before the client (our order).
 */
import { requireClient } from '../domain/clients.js';
import { ALL_CLIENTS, checkCss, checkedImage, NO_DOMAIN, uiCustomizationType } from '../domain/ui-customization.js';
import { InvalidParameterException } from '../errors.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const SetUICustomization = defineOperation('SetUICustomization', async (input, svc) => {
  if (input.CSS !== undefined) checkCss(input.CSS);
  const image = checkedImage(input.ImageFile);
  const pool = await requirePool(svc.store, input.UserPoolId);
  if ((await svc.store.domainsOfPool(pool.id)).length === 0) throw new InvalidParameterException(NO_DOMAIN);
  const clientId = input.ClientId ?? ALL_CLIENTS;
  if (clientId !== ALL_CLIENTS) await requireClient(svc, clientId, pool.id);
  const now = svc.clock.now();
  const stored = await svc.store.putUICustomization({
    poolId: pool.id,
    clientId,
    css: input.CSS ?? null,
    image,
    createdAt: now,
    lastModifiedAt: now,
  });
  return { UICustomization: uiCustomizationType(stored) };
});
