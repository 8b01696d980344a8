/**
 * Whether the lab behind this site runs a workshop, asked once per page of `GET /api/workshop`. A site
 * served without a lab server (astro dev, a static host) has no answer, which counts as "off".
 */
import { WORKSHOP_INFO_PATH, workshopInfoSchema } from '../shared/workshop.ts';

let asked: Promise<boolean> | undefined;

export function workshopMode(): Promise<boolean> {
  asked ??= fetch(WORKSHOP_INFO_PATH, { cache: 'no-store', headers: { Accept: 'application/json' } })
    .then((response) => (response.ok ? response.json() : null))
    .then((json: unknown) => workshopInfoSchema.safeParse(json).data?.workshop ?? false)
    .catch(() => false);
  return asked;
}
