import type { EventType } from '../events';
import { accessDecidedV1ToV2, accessDecidedV2ToV3 } from './access-decided.upcasters';
import { orderStoppedV1ToV2 } from './order-stopped.upcasters';
import { patientRegisteredV1ToV2, patientRegisteredV2ToV3 } from './patient-registered.upcasters';
import { qualityDispatchRecordedV1ToV2, qualityResponseRecordedV1ToV2 } from './quality-record.upcasters';
import { questionnaireDispatchedV1ToV2 } from './questionnaire-dispatched.upcasters';
import { responseRateChangedV1ToV2 } from './response-rate-changed.upcasters';

/**
 * One step of a contract's evolution: data valid against schema version N in, data valid against N+1 out.
 * Pure (no clock, ids or I/O), so replaying the same stored event always yields the same current shape.
 */
// The input is typed per step in each upcaster's own file; here they share one signature so a chain can run them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Upcaster = (data: any) => unknown;

/**
 * Upcasters per event type, keyed by the version they read (N → N+1). A type whose contract lists previous
 * schemas must have one step for each; registry.unit.spec.ts fails when a step is missing.
 */
export const UPCASTERS: { readonly [T in EventType]?: Readonly<Record<number, Upcaster>> } = {
  ResponseRateChanged: { 1: responseRateChangedV1ToV2 },
  PatientRegistered: { 1: patientRegisteredV1ToV2, 2: patientRegisteredV2ToV3 },
  QuestionnaireDispatched: { 1: questionnaireDispatchedV1ToV2 },
  QualityDispatchRecorded: { 1: qualityDispatchRecordedV1ToV2 },
  QualityResponseRecorded: { 1: qualityResponseRecordedV1ToV2 },
  OrderStopped: { 1: orderStoppedV1ToV2 },
  AccessDecided: { 1: accessDecidedV1ToV2, 2: accessDecidedV2ToV3 },
};
