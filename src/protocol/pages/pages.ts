/**
 * The hosted sign-in pages as pure functions from what a page shows to its HTML: no I/O, no request, so
 * each page can be tested (and looked at) on its own. They live under src/protocol/ because HTML is part
 * of answering HTTP; the front that serves them is src/protocol/oauth/front.ts. Every interpolated value
 * goes through `esc`; forms post to the same page with a CSRF token; no JavaScript is needed; every field
 * has a label and every button a name a screen reader can read.
 */

/**
 * A pool's or app client's UI customization as the pages apply it (SetUICustomization): its CSS, added
 * after the pages' own so that it wins, and its logo as a `data:` URL shown in the banner. The elements
 * carry Cognito's class names (`.submitButton-customizable`, ...) so that a CSS written for Cognito's
 * classic hosted UI styles them.
 */
export interface Branding {
  css: string | null;
  logo: string | null;
}

/**
 * CSS as the text of a <style> element. SetUICustomization refuses `</style` already; every `<` is also
 * written as the CSS escape `\3c ` (inside a comment it stays inert text), so no stored CSS, whenever it
 * was stored, can end the element and put markup in the page.
 */
export function styleText(css: string): string {
  return css.replace(/</g, '\\3c ');
}

/** Escapes text for HTML content and double-quoted attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0}
main{max-width:22rem;margin:3rem auto;background:#fff;padding:1.5rem 2rem;border-radius:6px;box-shadow:0 1px 3px #0003}
h1{font-size:1.3rem}label{display:block;margin-top:1rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.5rem;margin-top:.25rem;font-size:1rem}
button{margin-top:1.25rem;width:100%;padding:.6rem;font-size:1rem;background:#0b6bcb;color:#fff;border:0;border-radius:4px}
.error{color:#b00020;background:#fdecee;padding:.5rem;border-radius:4px}.hint{color:#555}code,a{word-break:break-all}`;

function layout(title: string, body: string, b: Branding | null | undefined): string {
  const custom = b?.css ? `<style>${styleText(b.css)}</style>` : '';
  const logo = b?.logo ? `<img class="logo-customizable" src="${esc(b.logo)}" alt="Logo">` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style>${custom}</head>
<body><main class="background-customizable"><div class="banner-customizable">${logo}</div><h1 class="textDescription-customizable">${esc(title)}</h1>
${body}
</main></body></html>
`;
}

function errorBox(error: string | null): string {
  return error ? `<p class="error errorMessage-customizable" role="alert">${esc(error)}</p>` : '';
}

/** One labelled input. */
function field(id: string, label: string, type: string, more = ''): string {
  return `<label for="${esc(id)}" class="label-customizable">${esc(label)}</label><input class="inputField-customizable" id="${esc(id)}" name="${esc(id)}" type="${esc(type)}" required ${more}>`;
}

function form(action: string, csrf: string, inner: string, button: string): string {
  return `<form method="post" action="${esc(action)}"><input type="hidden" name="_csrf" value="${esc(csrf)}">
${inner}
<button class="submitButton-customizable" type="submit">${esc(button)}</button></form>`;
}

function notice(text: string | null | undefined): string {
  return text ? `<p class="hint textDescription-customizable" role="status">${esc(text)}</p>` : '';
}

/** A line of explanation under the title. */
function hint(html: string): string {
  return `<p class="hint textDescription-customizable">${html}</p>`;
}

/** A link to sign in through an external provider. */
export interface ProviderLink {
  name: string;
  href: string;
}

/** The "Continue with NAME" links, above the form. */
function providerLinks(links: readonly ProviderLink[] | undefined): string {
  if (!links || links.length === 0) return '';
  return `<ul class="providers">${links.map((l) => `<li><a class="idpButton-customizable" href="${esc(l.href)}">Continue with ${esc(l.name)}</a></li>`).join('')}</ul><p class="hint idpDescription-customizable">or</p>`;
}

/**
 * The sign-in page, with links to sign up and to reset a forgotten password (`root`: the domain's root),
 * and one "Continue with NAME" link per external provider the app client supports.
 */
export function signInPage(p: {
  action: string;
  branding?: Branding | null;
  csrf: string;
  error: string | null;
  username?: string;
  notice?: string | null;
  root?: string;
  providers?: readonly ProviderLink[];
}): string {
  const user = p.username ? ` value="${esc(p.username)}"` : '';
  const links = p.root
    ? `<p class="redirect-customizable"><a href="${esc(p.root)}forgotPassword">Forgot your password?</a></p><p class="redirect-customizable">Need an account? <a href="${esc(p.root)}signup">Sign up</a></p>`
    : '';
  return layout(
    'Sign in',
    `${notice(p.notice)}${errorBox(p.error)}${providerLinks(p.providers)}${form(
      p.action,
      p.csrf,
      `${field('username', 'Username', 'text', `autocomplete="username"${user}`)}
${field('password', 'Password', 'password', 'autocomplete="current-password"')}`,
      'Sign in',
    )}${links}`,
    p.branding,
  );
}

/** The sign-up page: username, email and password. */
export function signUpPage(p: { action: string; branding?: Branding | null; csrf: string; error: string | null; username?: string; email?: string }): string {
  const v = (x: string | undefined) => (x ? ` value="${esc(x)}"` : '');
  return layout(
    'Sign up',
    `${errorBox(p.error)}${form(
      p.action,
      p.csrf,
      `${field('username', 'Username', 'text', `autocomplete="username"${v(p.username)}`)}
${field('email', 'Email', 'email', `autocomplete="email"${v(p.email)}`)}
${field('password', 'Password', 'password', 'autocomplete="new-password"')}`,
      'Sign up',
    )}`,
    p.branding,
  );
}

/** The page that takes a sign-up's confirmation code. */
export function confirmSignUpPage(p: { action: string; branding?: Branding | null; csrf: string; error: string | null; destination: string | null }): string {
  const where = p.destination ? hint(`We sent a code to ${esc(p.destination)}.`) : '';
  return layout(
    'Confirm your account',
    `${errorBox(p.error)}${where}${form(p.action, p.csrf, field('code', 'Code', 'text', 'inputmode="numeric" autocomplete="one-time-code"'), 'Confirm account')}`,
    p.branding,
  );
}

/** The first page of a password reset: who. */
export function forgotPasswordPage(p: { action: string; branding?: Branding | null; csrf: string; error: string | null }): string {
  return layout(
    'Forgot your password?',
    `${errorBox(p.error)}${hint('We will send you a code to reset your password.')}${form(p.action, p.csrf, field('username', 'Username', 'text', 'autocomplete="username"'), 'Reset my password')}`,
    p.branding,
  );
}

/** The second page of a password reset: the code and the new password. */
export function confirmForgotPasswordPage(p: {
  action: string;
  branding?: Branding | null;
  csrf: string;
  error: string | null;
  destination: string | null;
}): string {
  const where = p.destination ? hint(`We sent a code to ${esc(p.destination)}.`) : '';
  return layout(
    'Reset your password',
    `${errorBox(p.error)}${where}${form(
      p.action,
      p.csrf,
      `${field('code', 'Code', 'text', 'inputmode="numeric" autocomplete="one-time-code"')}
${field('new_password', 'New password', 'password', 'autocomplete="new-password"')}`,
      'Change password',
    )}`,
    p.branding,
  );
}

/** What a challenge page shows besides its form. */
export interface ChallengeView {
  name: string;
  params: Record<string, string>;
  /** MFA_SETUP: the secret and its otpauth URI. */
  totp?: { secret: string; uri: string };
}

/** A challenge's page: the code pages, the new-password page, the choice of factor, the authenticator setup. */
export function challengePage(p: { action: string; branding?: Branding | null; csrf: string; error: string | null; challenge: ChallengeView }): string {
  const c = p.challenge;
  const codeField = field('code', 'Code', 'text', 'inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]*"');
  switch (c.name) {
    case 'SMS_MFA':
    case 'EMAIL_OTP': {
      const where = c.params.CODE_DELIVERY_DESTINATION ?? '';
      const medium = c.name === 'SMS_MFA' ? 'a text message' : 'an email';
      return layout(
        'Enter your code',
        `${errorBox(p.error)}${hint(`We sent a code by ${medium} to ${esc(where)}.`)}${form(p.action, p.csrf, codeField, 'Sign in')}`,
        p.branding,
      );
    }
    case 'SOFTWARE_TOKEN_MFA':
      return layout(
        'Enter your code',
        `${errorBox(p.error)}${hint(`Enter the code from your authenticator app${c.params.FRIENDLY_DEVICE_NAME ? ` (${esc(c.params.FRIENDLY_DEVICE_NAME)})` : ''}.`)}${form(p.action, p.csrf, codeField, 'Sign in')}`,
        p.branding,
      );
    case 'NEW_PASSWORD_REQUIRED':
      return layout(
        'Change your password',
        `${errorBox(p.error)}${hint('You must choose a new password.')}${form(p.action, p.csrf, field('new_password', 'New password', 'password', 'autocomplete="new-password"'), 'Change password')}`,
        p.branding,
      );
    case 'SELECT_MFA_TYPE': {
      let choices: string[] = [];
      try {
        choices = JSON.parse(c.params.MFAS_CAN_CHOOSE ?? '[]') as string[];
      } catch {}
      const label: Record<string, string> = { SMS_MFA: 'Text message (SMS)', SOFTWARE_TOKEN_MFA: 'Authenticator app', EMAIL_OTP: 'Email' };
      const radios = choices
        .map(
          (f, i) =>
            `<label class="label-customizable"><input type="radio" name="answer" value="${esc(f)}"${i === 0 ? ' checked' : ''} style="width:auto"> ${esc(label[f] ?? f)}</label>`,
        )
        .join('\n');
      return layout(
        'Choose how to verify',
        `${errorBox(p.error)}${form(p.action, p.csrf, `<fieldset><legend>Second factor</legend>${radios}</fieldset>`, 'Continue')}`,
        p.branding,
      );
    }
    case 'MFA_SETUP': {
      const t = c.totp;
      const shown = t
        ? hint(
            `Add this account to your authenticator app with the key <code id="totp-secret">${esc(t.secret)}</code> or the link <a id="totp-uri" href="${esc(t.uri)}">${esc(t.uri)}</a>, then enter the code it shows.`,
          )
        : '';
      return layout('Set up your authenticator app', `${errorBox(p.error)}${shown}${form(p.action, p.csrf, codeField, 'Verify')}`, p.branding);
    }
    default:
      return errorPage(`The ${c.name} challenge cannot be answered on these pages.`, p.branding);
  }
}

/** An error page: what went wrong, in words, and nothing to click that could lead astray. */
export function errorPage(message: string, branding: Branding | null = null): string {
  return layout('Something went wrong', errorBox(message), branding);
}
