import type { OrganisationRegistered } from '@hub/contracts';

export type OrganisationEvent = { type: 'OrganisationRegistered'; data: OrganisationRegistered };

export const organisationStreamId = (sor: string) => `organisation-${sor}`;
