import { imageUrl, uiCustomizationFor } from '../../domain/ui-customization.js';
import type { Store } from '../../store/store.js';
import type { Branding } from '../pages/pages.js';

/**
 * The customization the hosted pages show for an app client (its own, else the pool's "ALL"), or the
 * pool's when no client is known yet (an error page before the request was checked). The logo travels
 * as a `data:` URL, the form GetUICustomization's ImageUrl has, so the pages need no image route and the
 * Content-Security-Policy allows images from `data:` only.
 */
export async function brandingFor(store: Store, poolId: string, clientId: string | undefined): Promise<Branding | null> {
  const c = await uiCustomizationFor(store, poolId, clientId);
  if (!c || (c.css === null && c.image === null)) return null;
  return { css: c.css, logo: c.image ? imageUrl(c.image) : null };
}
