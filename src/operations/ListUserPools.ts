/** ListUserPools: pages of pool descriptions ordered by id; NextToken is opaque to callers. */
import { InvalidParameterException } from '../errors.js';
import { epochSeconds } from '../domain/users.js';
import { decodePageToken, encodePageToken } from '../domain/paging.js';
import { defineOperation } from './operation.js';

export const ListUserPools = defineOperation('ListUserPools', async (input, svc) => {
  const after = input.NextToken === undefined ? null : decodePageToken(input.NextToken, 'pools');
  if (input.NextToken !== undefined && after === null) throw new InvalidParameterException('Invalid pagination token.');
  const page = await svc.store.listPools(input.MaxResults, after);
  return {
    UserPools: page.items.map((p) => ({
      Id: p.id,
      Name: p.name,
      LambdaConfig: p.settings.LambdaConfig ?? {},
      LastModifiedDate: epochSeconds(p.lastModifiedAt),
      CreationDate: epochSeconds(p.createdAt),
    })),
    ...(page.next ? { NextToken: encodePageToken(page.next, 'pools') } : {}),
  };
});
