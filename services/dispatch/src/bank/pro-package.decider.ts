import { isDeepStrictEqual } from 'node:util';
import type { Decider } from '@hub/event-store';
import { packageProblems, type ProPackage, type QuestionnaireLike } from '@hub/pro-packages';
import { illegalState, validationError } from '@hub/service-kit/errors';
import type { ProPackageEvent } from './pro-package.events';

export interface PublishProPackage {
  type: 'PublishProPackage';
  /** The package as submitted; checked here. */
  package: unknown;
  /** The questionnaire version it names, as the bank holds it; undefined when the bank does not have it. */
  questionnaire: QuestionnaireLike | undefined;
  /** Whether that questionnaire version is retired: a new package for it would never be used. */
  questionnaireRetired: boolean;
  at: string;
}

export type ProPackageCommand = PublishProPackage;

export interface ProPackageState {
  published?: ProPackage;
}

function publish(command: PublishProPackage, state: ProPackageState): ProPackageEvent[] {
  const problems = packageProblems(command.package, command.questionnaire);
  if (problems.length > 0) throw validationError('the PRO package cannot be published', problems);
  const pkg = command.package as ProPackage;
  if (state.published) {
    // Scores name the package version that computed them: the rules of a version, once out, never change.
    if (isDeepStrictEqual(state.published, pkg)) return [];
    throw illegalState(`PRO package ${pkg.id}|${pkg.version} is already published with different rules; publish them under a new version`);
  }
  if (command.questionnaireRetired) throw illegalState(`questionnaire ${pkg.questionnaire.url}|${pkg.questionnaire.version} is retired`);
  return [{ type: 'ProPackagePublished', data: { packageId: pkg.id, version: pkg.version, questionnaire: pkg.questionnaire, package: { ...pkg }, publishedAt: command.at } }];
}

export const proPackageDecider: Decider<ProPackageCommand, ProPackageState, ProPackageEvent> = {
  initialState: () => ({}),
  decide(command, state) {
    switch (command.type) {
      case 'PublishProPackage':
        return publish(command, state);
      default: {
        const _exhaustive: never = command.type;
        return _exhaustive;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'ProPackagePublished':
        return { ...state, published: event.data.package as unknown as ProPackage };
      default: {
        const _exhaustive: never = event.type;
        return _exhaustive;
      }
    }
  },
};
