import type { QuestionnaireDispatched, QuestionnaireDispatchedV1 } from '../events';

/**
 * v1 → v2 is the identity: v2 only adds the optional `order`, and a v1 event cannot say whether its dispatch was
 * an occurrence of an order, so it reads as a one-off dispatch (no pathway in the quality records).
 */
export function questionnaireDispatchedV1ToV2(v1: QuestionnaireDispatchedV1): QuestionnaireDispatched {
  return v1;
}
