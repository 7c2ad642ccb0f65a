/**
 * GetUICustomization: the customization that applies to an app client (its own, else the pool's "ALL"),
 * or the pool's when ClientId is "ALL" or left out. With nothing set, `UICustomization` is an empty
 * object, as the reference documents.
 */
import { requireClient } from '../domain/clients.js';
import { ALL_CLIENTS, uiCustomizationFor, uiCustomizationType } from '../domain/ui-customization.js';
import { requirePool } from '../domain/users.js';
import { defineOperation } from './operation.js';

export const GetUICustomization = defineOperation('GetUICustomization', async (input, svc) => {
  const pool = await requirePool(svc.store, input.UserPoolId);
  const clientId = input.ClientId ?? ALL_CLIENTS;
  if (clientId !== ALL_CLIENTS) await requireClient(svc, clientId, pool.id);
  const found = await uiCustomizationFor(svc.store, pool.id, clientId);
  return { UICustomization: found ? uiCustomizationType(found) : {} };
});
