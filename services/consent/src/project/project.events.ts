import type { ResearchProjectRegistered } from '@hub/contracts';

export type ProjectEvent = { type: 'ResearchProjectRegistered'; data: ResearchProjectRegistered };

export const projectStreamId = (projectId: string) => `research-project-${projectId}`;
