import type { UserMigrationTriggerHandler } from 'aws-lambda';

/** The "old directory" the test migrates from: name → password and what to answer. */
const OLD_USERS: Record<string, { password: string; email?: string; phone?: string; confirmed?: boolean; quiet?: boolean; sms?: boolean; force?: boolean }> = {
  'legacy-ann': { password: 'Legacy-pass1', email: 'ann@example.com', confirmed: true, quiet: true },
  'legacy-ben': { password: 'Legacy-pass2', email: 'ben@example.com' },
  'legacy-cat': { password: 'Legacy-pass3', email: 'cat@example.com', quiet: true },
  'legacy-dee': { password: 'Legacy-pass4', phone: '+15555550101', confirmed: true, quiet: true, sms: true },
  'legacy-eve': { password: 'Legacy-pass5', email: 'taken@example.com', confirmed: true, quiet: true },
  'legacy-fox': { password: 'Legacy-pass6', email: 'taken@example.com', confirmed: true, quiet: true, force: true },
};

/** Migrates the old users above; throws on a wrong password; answers nothing for names it does not know. */
export const handler: UserMigrationTriggerHandler = async (event) => {
  console.log(JSON.stringify(event));
  const old = OLD_USERS[event.userName];
  if (!old) return event;
  if (event.triggerSource === 'UserMigration_Authentication' && event.request.password !== old.password) throw new Error('Bad password');
  event.response.userAttributes = {
    ...(old.email ? { email: old.email, email_verified: 'true' } : {}),
    ...(old.phone ? { phone_number: old.phone, phone_number_verified: 'true' } : {}),
  };
  if (old.confirmed) event.response.finalUserStatus = 'CONFIRMED';
  if (old.quiet) event.response.messageAction = 'SUPPRESS';
  else event.response.desiredDeliveryMediums = ['EMAIL'];
  if (old.sms) event.response.enableSMSMFA = true;
  if (old.force) event.response.forceAliasCreation = true;
  return event;
};
