import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core (CI installs the `chromium` package). */
export const CHROMIUM = '/usr/bin/chromium';

/** The `skip` option of a browser suite: the reason when there is no Chromium, else false. */
export const skipWithoutChromium: string | false = existsSync(CHROMIUM) ? false : `no ${CHROMIUM}`;

/** A headless Chromium that stays on loopback and off the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The relying party's own web server on loopback: it records every URL the browser was sent to. */
export interface AppServer {
  /** `http://127.0.0.1:PORT` */
  base: string;
  /** Every URL requested, in order. */
  seen: string[];
  /** The last URL requested that starts with `prefix` (the browser also asks the app for its favicon). */
  last(prefix: string): string;
  close(): Promise<void>;
}

export async function startApp(): Promise<AppServer> {
  const seen: string[] = [];
  const app = createServer((req, res) => {
    seen.push(`http://${req.headers.host}${req.url}`);
    res.writeHead(200, { 'content-type': 'text/html' }).end('<p>app</p>');
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(app.address() as { port: number }).port}`,
    seen,
    last: (prefix) => {
      const found = seen.filter((u) => u.startsWith(prefix)).at(-1);
      if (!found) throw new Error(`the app was never sent to ${prefix}`);
      return found;
    },
    close: () =>
      new Promise<void>((r) => {
        app.close(() => r());
        app.closeAllConnections();
      }),
  };
}
