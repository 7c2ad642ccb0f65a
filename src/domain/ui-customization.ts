import { InvalidParameterException } from '../errors.js';
import type { UICustomizationType } from '../model/generated.js';
import type { Store, UICustomizationRecord } from '../store/store.js';
import { epochSeconds } from './users.js';

/* Rules of the classic hosted UI's customization (GetUICustomization, SetUICustomization), and the read the hosted pages use. */

/** The client id that stands for the whole pool. */
export const ALL_CLIENTS = 'ALL';

/** The largest logo Cognito takes (the developer guide: 100 KB). */
export const MAX_IMAGE_BYTES = 100 * 1024;

/**
 * The classes the classic hosted UI lets a pool style, each with the pseudo-classes it may take: the
 * developer guide's current list ("Customizing hosted UI (classic) branding"), which adds
 * idpDescription, passwordCheck-valid/-notValid, redirect and socialButton to the reference's older one.
 * Cognito's own CSS template (what GetUICustomization shows for a new pool in the console) uses them, so
 * a CSS copied from it must be accepted.
 */
const CUSTOMIZABLE: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['background-customizable', new Set<string>()],
  ['banner-customizable', new Set<string>()],
  ['errorMessage-customizable', new Set<string>()],
  ['idpButton-customizable', new Set(['hover'])],
  ['idpDescription-customizable', new Set<string>()],
  ['inputField-customizable', new Set(['focus'])],
  ['label-customizable', new Set<string>()],
  ['legalText-customizable', new Set<string>()],
  ['logo-customizable', new Set<string>()],
  ['passwordCheck-notValid-customizable', new Set<string>()],
  ['passwordCheck-valid-customizable', new Set<string>()],
  ['redirect-customizable', new Set<string>()],
  ['socialButton-customizable', new Set<string>()],
  ['submitButton-customizable', new Set(['hover'])],
  ['textDescription-customizable', new Set<string>()],
]);

/** The end of the pages' <style> element, refused anywhere in the CSS (comments too): no breaking out into the page. */
const STYLE_END = /<\/style/i;

/** Things no declaration may contain: script and markup smuggled into a style sheet. */
const FORBIDDEN_VALUE = /javascript:|expression\s*\(|<|behavior\s*:|-moz-binding/i;

/**
 * Checks CSS as Cognito does for the classic hosted UI: only rules whose selectors are the customizable
 * classes (`.submitButton-customizable:hover`, ...); no at-rules (`@import`, `@media`, `@supports`,
 * `@page`, ...); no script. InvalidParameterException with our wording (the reference gives none) naming
 * what was refused.
 */
export function checkCss(css: string): void {
  if (STYLE_END.test(css)) throw new InvalidParameterException('Invalid CSS: </style> is not allowed.');
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  if (text.includes('@')) throw new InvalidParameterException('Invalid CSS: at-rules such as @import, @media, @supports and @page are not allowed.');
  let rest = text;
  while (rest.trim() !== '') {
    const open = rest.indexOf('{');
    const close = rest.indexOf('}');
    if (open < 0 || close < open) throw new InvalidParameterException('Invalid CSS: every rule must be a selector followed by declarations in braces.');
    const selectors = rest.slice(0, open);
    const body = rest.slice(open + 1, close);
    if (body.includes('{')) throw new InvalidParameterException('Invalid CSS: nested rules are not allowed.');
    for (const raw of selectors.split(',')) checkSelector(raw.trim());
    if (FORBIDDEN_VALUE.test(body)) throw new InvalidParameterException('Invalid CSS: scripts and markup are not allowed in declarations.');
    rest = rest.slice(close + 1);
  }
}

function checkSelector(selector: string): void {
  const m = /^\.([A-Za-z-]+)(?::([a-z]+))?$/.exec(selector);
  const pseudos = m ? CUSTOMIZABLE.get(m[1]!) : undefined;
  if (!m || !pseudos || (m[2] !== undefined && !pseudos.has(m[2]))) {
    throw new InvalidParameterException(`Invalid CSS: ${selector || 'an empty selector'} is not one of the customizable classes.`);
  }
}

/**
 * The logo's bytes from ImageFile (base64 on the wire): at most 100 KB, PNG or JPEG. Too large is
 * Cognito's "request parameters too large" (the developer guide); a wrong format is our wording.
 */
export function checkedImage(imageFile: string | undefined): Buffer | null {
  if (imageFile === undefined) return null;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(imageFile)) throw new InvalidParameterException('ImageFile is not valid base64.');
  const bytes = Buffer.from(imageFile, 'base64');
  if (bytes.length === 0) return null;
  if (bytes.length > MAX_IMAGE_BYTES) throw new InvalidParameterException('request parameters too large');
  if (imageTypeOf(bytes) === null) throw new InvalidParameterException('The logo must be a PNG or JPEG image.');
  return bytes;
}

/** The media type of a stored logo, from its first bytes. */
export function imageTypeOf(bytes: Buffer): 'image/png' | 'image/jpeg' | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

/** CSSVersion: the time of the last change as `yyyyMMddHHmmss` (UTC), the form of Cognito's samples. */
export function cssVersion(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * The logo as a `data:` URL. Cognito's ImageUrl points at its CDN; ours carries the image itself (our
 * choice), so a browser shows it with no route to serve and it changes whenever the logo does.
 */
export function imageUrl(image: Buffer): string {
  return `data:${imageTypeOf(image) ?? 'application/octet-stream'};base64,${image.toString('base64')}`;
}

/** The wire UICustomizationType; members that are not set are left out. */
export function uiCustomizationType(c: UICustomizationRecord): UICustomizationType {
  return {
    UserPoolId: c.poolId,
    ClientId: c.clientId,
    ...(c.image ? { ImageUrl: imageUrl(c.image) } : {}),
    ...(c.css !== null ? { CSS: c.css } : {}),
    CSSVersion: cssVersion(c.lastModifiedAt),
    LastModifiedDate: epochSeconds(c.lastModifiedAt),
    CreationDate: epochSeconds(c.createdAt),
  };
}

/** The message of SetUICustomization for a pool without a domain (reported: hashicorp/terraform-provider-aws tests match it). */
export const NO_DOMAIN = 'There has to be an existing domain associated with this user pool';

/**
 * The customization the hosted pages apply for an app client: the client's own if it has one, else the
 * pool's ("ALL"), else null. Client settings override ALL, as Cognito documents; the two are not merged.
 */
export async function uiCustomizationFor(store: Store, poolId: string, clientId: string | undefined): Promise<UICustomizationRecord | null> {
  if (clientId !== undefined && clientId !== ALL_CLIENTS) {
    const own = await store.getUICustomization(poolId, clientId);
    if (own) return own;
  }
  return store.getUICustomization(poolId, ALL_CLIENTS);
}
