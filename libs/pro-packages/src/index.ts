export type * from './package.types';
export { scoreResponse, bandOf } from './score-response';
export { triage } from './triage';
export { packageProblems, type PackageProblem, type QuestionnaireLike } from './package-checks';
export { INSTRUMENTS, instrumentById, type Instrument } from './instruments';
