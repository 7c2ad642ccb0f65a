import { FeatureUnavailableInTierException, InvalidParameterException, ResourceNotFoundException } from '../errors.js';
import type { CreateUserPoolRequest, SignInPolicyType, GetUserPoolMfaConfigResponse, UpdateUserPoolRequest, UserPoolType } from '../model/generated.js';
import type { PoolChange, PoolRecord, PoolSettings, Store } from '../store/store.js';
import { DEFAULT_PASSWORD_POLICY } from './passwords.js';
import { buildSchema } from './schema.js';
import { checkSenderConfig } from './senders.js';
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
  checkSenderConfig(req.LambdaConfig);
  checkSignInPolicy(req.Policies?.SignInPolicy, req.UserPoolTier ?? 'ESSENTIALS');
  const policy = { ...DEFAULT_PASSWORD_POLICY, ...(req.Policies?.PasswordPolicy ?? {}) };
  const settings: ReturnType<typeof settingsFrom> = {
    Policies: { ...req.Policies, PasswordPolicy: policy, SignInPolicy: req.Policies?.SignInPolicy ?? { AllowedFirstAuthFactors: ['PASSWORD'] } },
    DeletionProtection: req.DeletionProtection ?? 'INACTIVE',
    LambdaConfig: lambdaConfigFrom(req.LambdaConfig),
    MfaConfiguration: mfa,
    EmailConfiguration: req.EmailConfiguration ?? { EmailSendingAccount: 'COGNITO_DEFAULT' },
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: false,
      UnusedAccountValidityDays: policy.TemporaryPasswordValidityDays,
      ...(req.AdminCreateUserConfig ?? {}),
    },
    VerificationMessageTemplate: req.VerificationMessageTemplate ?? { DefaultEmailOption: 'CONFIRM_WITH_CODE' },
    UserPoolTier: req.UserPoolTier ?? 'ESSENTIALS',
  };
  // A pool created without AccountRecoverySetting reports none, as Cognito's does (ForgotPassword then
  // uses the verified email, then the verified phone number).
  if (req.AccountRecoverySetting !== undefined) settings.AccountRecoverySetting = req.AccountRecoverySetting;
  if (req.UserPoolTags !== undefined) checkTags(req.UserPoolTags);
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
  // The template's messages are also reported under the older members, as Cognito does, unless those
  // were given themselves.
  const template = req.VerificationMessageTemplate;
  if (template?.SmsMessage !== undefined) settings.SmsVerificationMessage ??= template.SmsMessage;
  if (template?.EmailMessage !== undefined) settings.EmailVerificationMessage ??= template.EmailMessage;
  if (template?.EmailSubject !== undefined) settings.EmailVerificationSubject ??= template.EmailSubject;
  return settings;
}

/**
 * A pool's sign-in policy on CreateUserPool and UpdateUserPool: PASSWORD must stay allowed, and a LITE pool
 * may allow nothing else (first-factors.ts gives the sources; the messages are ours).
 */
export function checkSignInPolicy(policy: SignInPolicyType | undefined, tier: string): void {
  const factors = policy?.AllowedFirstAuthFactors;
  if (!factors) return;
  if (!factors.includes('PASSWORD')) throw new InvalidParameterException('AllowedFirstAuthFactors must include PASSWORD.');
  if (tier === 'LITE' && factors.some((f) => f !== 'PASSWORD')) {
    throw new FeatureUnavailableInTierException('Sign-in with factors other than PASSWORD requires the ESSENTIALS or PLUS tier.');
  }
}

/**
 * A pool's LambdaConfig as given, with the two names of the pre token generation function kept in step:
 * the legacy `PreTokenGeneration` ARN and `PreTokenGenerationConfig.LambdaArn` "must be identical" (API
 * reference), so giving both with different ARNs is refused (the message is ours), and giving one reports
 * the other too (the legacy ARN as a V1_0 config). That DescribeUserPool shows both however the pool was
 * configured is inferred from infrastructure tools' reports (hashicorp/terraform-provider-aws#38617: the
 * Terraform provider sees no change when one of the two is removed).
 */
export function lambdaConfigFrom(config: UpdateUserPoolRequest['LambdaConfig']): NonNullable<UpdateUserPoolRequest['LambdaConfig']> {
  if (!config) return {};
  const legacy = config.PreTokenGeneration;
  const versioned = config.PreTokenGenerationConfig;
  if (legacy !== undefined && versioned?.LambdaArn !== undefined && legacy !== versioned.LambdaArn) {
    throw new InvalidParameterException('PreTokenGeneration and PreTokenGenerationConfig.LambdaArn must be the same function.');
  }
  if (legacy !== undefined && versioned === undefined) return { ...config, PreTokenGenerationConfig: { LambdaVersion: 'V1_0', LambdaArn: legacy } };
  if (legacy === undefined && versioned?.LambdaArn !== undefined) return { ...config, PreTokenGeneration: versioned.LambdaArn };
  return config;
}

/** A pool has at most this many tags [DG-tags]. */
export const MAX_TAGS = 50;

/** Letters, digits, white space and `_ . : / = + - @`: the characters AWS allows in tag keys [DG-tags]. */
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;

/**
 * Checks a pool's tags as Cognito's tagging rules state them: at most 50, keys of allowed characters
 * and not under the reserved `aws:` prefix. Lengths are the model's (checked before). Values are not
 * checked for characters: the model gives them no pattern. The messages are ours.
 */
export function checkTags(tags: Record<string, string>): void {
  const keys = Object.keys(tags);
  if (keys.length > MAX_TAGS) throw new InvalidParameterException(`A user pool can have at most ${MAX_TAGS} tags; this would make ${keys.length}.`);
  for (const key of keys) {
    if (!TAG_KEY.test(key)) {
      throw new InvalidParameterException(`Invalid tag key ${JSON.stringify(key)}: tag keys may contain letters, digits, spaces and _ . : / = + - @.`);
    }
    if (key.toLowerCase().startsWith('aws:'))
      throw new InvalidParameterException(`Invalid tag key ${JSON.stringify(key)}: the prefix aws: is reserved for AWS use.`);
  }
}

/** The ARN of a pool, as DescribeUserPool reports it and the tagging operations take it. */
export function poolArn(poolId: string, region: string): string {
  return `arn:aws:cognito-idp:${region}:${ACCOUNT_ID}:userpool/${poolId}`;
}

/**
 * The pool id a tagging operation's ResourceArn names. An ARN that is not a user pool's is
 * InvalidParameterException; a user pool ARN of another region or account, or of a pool that does not
 * exist, is ResourceNotFoundException "User pool X does not exist." (our choices, as the emulators
 * that implement tagging answer: the references list only the standard errors).
 */
export async function poolIdFromArn(store: Store, arn: string, region: string): Promise<string> {
  const m = /^arn:[\w-]+:cognito-idp:([\w-]*):([0-9]+):userpool\/([\w-]+_[0-9a-zA-Z]+)$/.exec(arn);
  if (!m) throw new InvalidParameterException(`${arn} is not the ARN of a user pool.`);
  const poolId = m[3]!;
  if (arn !== poolArn(poolId, region) || !(await store.getPool(poolId))) throw new ResourceNotFoundException(`User pool ${poolId} does not exist.`);
  return poolId;
}

/** Changes a pool atomically (Store.changePool), or ResourceNotFoundException if it is gone. */
export async function changeExistingPool(store: Store, poolId: string, change: PoolChange): Promise<PoolRecord> {
  const pool = await store.changePool(poolId, change);
  if (!pool) throw new ResourceNotFoundException(`User pool ${poolId} does not exist.`);
  return pool;
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
    Arn: poolArn(pool.id, region),
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
