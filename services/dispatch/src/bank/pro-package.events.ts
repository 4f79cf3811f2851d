import type { ProPackagePublished } from '@hub/contracts';

export type ProPackageEvent = { type: 'ProPackagePublished'; data: ProPackagePublished };

/** One stream per package version: like a questionnaire version, it is published once and never changes. */
export const proPackageStreamId = (id: string, version: string) => `pro-package-${id}|${version}`;
