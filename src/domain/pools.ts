import { InvalidParameterException } from '../errors.js';
import type { CreateUserPoolRequest, GetUserPoolMfaConfigResponse, UpdateUserPoolRequest, UserPoolType } from '../model/generated.js';
import type { PoolRecord, PoolSettings } from '../store/store.js';
import { DEFAULT_PASSWORD_POLICY } from './passwords.js';
import { buildSchema } from './schema.js';
import { epochSeconds } from './users.js';

/** The account id in ARNs; cognate has no accounts, so it is fixed like the emulators' 123456789012. */
export const ACCOUNT_ID = '123456789012';

/** The members of CreateUserPool/UpdateUserPool that carry over to the pool's settings as given. */
type MutableSettings = Omit<UpdateUserPoolRequest, 'UserPoolId' | 'PoolName'>;

/**
 * Settings from a create or update request, with Cognito's defaults for whatever is left out.
 * UpdateUserPool resets omitted settings to their defaults, as Cognito documents, so both share this.
 */
export function settingsFrom(
  req: MutableSettings,
  opts: { otherFactorOn?: boolean } = {},
): Omit<PoolSettings, 'SchemaAttributes' | 'AliasAttributes' | 'UsernameAttributes' | 'UsernameConfiguration'> {
  const mfa = req.MfaConfiguration ?? 'OFF';
  if (mfa !== 'OFF' && !req.SmsConfiguration && !opts.otherFactorOn) {
    // Cognito needs an SMS configuration to turn MFA on at creation; TOTP-only pools use SetUserPoolMfaConfig,
    // and UpdateUserPool may then keep MFA on for them (`otherFactorOn`) without an SMS configuration.
    throw new InvalidParameterException('SMS configuration and Auto verification for phone_number are required when MFA is required/optional');
  }
  const policy = { ...DEFAULT_PASSWORD_POLICY, ...(req.Policies?.PasswordPolicy ?? {}) };
  const settings: ReturnType<typeof settingsFrom> = {
    Policies: { ...req.Policies, PasswordPolicy: policy, SignInPolicy: req.Policies?.SignInPolicy ?? { AllowedFirstAuthFactors: ['PASSWORD'] } },
    DeletionProtection: req.DeletionProtection ?? 'INACTIVE',
    LambdaConfig: req.LambdaConfig ?? {},
    MfaConfiguration: mfa,
    EmailConfiguration: req.EmailConfiguration ?? { EmailSendingAccount: 'COGNITO_DEFAULT' },
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: false,
      UnusedAccountValidityDays: policy.TemporaryPasswordValidityDays,
      ...(req.AdminCreateUserConfig ?? {}),
    },
    VerificationMessageTemplate: req.VerificationMessageTemplate ?? { DefaultEmailOption: 'CONFIRM_WITH_CODE' },
    UserPoolTier: req.UserPoolTier ?? 'ESSENTIALS',
    AccountRecoverySetting: req.AccountRecoverySetting ?? {
      RecoveryMechanisms: [
        { Priority: 1, Name: 'verified_email' },
        { Priority: 2, Name: 'verified_phone_number' },
      ],
    },
  };
  const optional = [
    'AutoVerifiedAttributes',
    'SmsVerificationMessage',
    'EmailVerificationMessage',
    'EmailVerificationSubject',
    'SmsAuthenticationMessage',
    'UserAttributeUpdateSettings',
    'DeviceConfiguration',
    'SmsConfiguration',
    'UserPoolTags',
    'UserPoolAddOns',
  ] as const;
  for (const key of optional) {
    if (req[key] !== undefined) (settings as Record<string, unknown>)[key] = req[key];
  }
  return settings;
}

/** A new pool's settings from CreateUserPool. */
export function newPoolSettings(req: CreateUserPoolRequest): PoolSettings {
  if (req.AliasAttributes && req.UsernameAttributes) {
    throw new InvalidParameterException('Only one of the aliasAttributes or usernameAttributes can be set in a User Pool');
  }
  const settings: PoolSettings = {
    ...settingsFrom(req),
    SchemaAttributes: buildSchema(req.Schema),
  };
  if (req.AliasAttributes) settings.AliasAttributes = req.AliasAttributes;
  if (req.UsernameAttributes) settings.UsernameAttributes = req.UsernameAttributes;
  if (req.UsernameConfiguration) settings.UsernameConfiguration = req.UsernameConfiguration;
  return settings;
}

/** The UserPoolType view of DescribeUserPool / CreateUserPool. */
export function describePool(pool: PoolRecord, region: string, estimatedUsers: number): UserPoolType {
  // The factor switches of SetUserPoolMfaConfig are kept with the settings but are not UserPoolType members.
  const { SchemaAttributes, SoftwareTokenMfaConfiguration: _totp, EmailMfaConfiguration: _email, ...rest } = pool.settings;
  return {
    Id: pool.id,
    Name: pool.name,
    ...rest,
    LastModifiedDate: epochSeconds(pool.lastModifiedAt),
    CreationDate: epochSeconds(pool.createdAt),
    SchemaAttributes,
    EstimatedNumberOfUsers: estimatedUsers,
    Arn: `arn:aws:cognito-idp:${region}:${ACCOUNT_ID}:userpool/${pool.id}`,
  };
}

/** Whether the pool can send SMS MFA codes: MFA not OFF and an SMS configuration present. */
export function poolSmsMfaEnabled(pool: PoolRecord): boolean {
  return pool.settings.MfaConfiguration !== 'OFF' && pool.settings.SmsConfiguration !== undefined;
}

/** The pool's MFA configuration as GetUserPoolMfaConfig and SetUserPoolMfaConfig answer it. */
export function mfaConfigOf(pool: PoolRecord): GetUserPoolMfaConfigResponse {
  const s = pool.settings;
  const out: GetUserPoolMfaConfigResponse = {};
  if (s.SmsConfiguration) {
    out.SmsMfaConfiguration = { SmsConfiguration: s.SmsConfiguration };
    if (s.SmsAuthenticationMessage !== undefined) out.SmsMfaConfiguration.SmsAuthenticationMessage = s.SmsAuthenticationMessage;
  }
  out.SoftwareTokenMfaConfiguration = { Enabled: s.SoftwareTokenMfaConfiguration?.Enabled ?? false };
  if (s.EmailMfaConfiguration) out.EmailMfaConfiguration = s.EmailMfaConfiguration;
  out.MfaConfiguration = s.MfaConfiguration ?? 'OFF';
  return out;
}
