import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';

/**
 * @throws NotAllowedError (403) naming the permission unless the policy allows it.
 * @param what - what the permission lets the caller do, for the message.
 */
export async function assertPermission(
  permissions: PermissionsService,
  permission: BasicPermission,
  credentials: BackstageCredentials,
  what: string,
): Promise<void> {
  const [{ result }] = await permissions.authorize([{ permission }], {
    credentials,
  });
  if (result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `Not allowed to ${what} (permission ${permission.name})`,
    );
  }
}
