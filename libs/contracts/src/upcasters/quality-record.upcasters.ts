import type { QualityDispatchRecordedV1, QualityResponseRecordedV1 } from '../events';
import { ContractViolation } from '../validate';

/**
 * v1 → v2 of the quality records is refused on purpose, as for PatientRegistered v1. v2 carries what v1 never
 * recorded (the unit's sector and region, calendar days, the pathway, the response version); an upcaster has no
 * source for them, and inventing them would put made-up facts into indicators. v1 exists only in pre-release
 * dev/test data: recreate it (`rm -rf .run/hub`).
 */
function refuse(type: string, v1: QualityDispatchRecordedV1): never {
  throw new ContractViolation(type, [
    `v1 record ${v1.recordId} lacks the unit's sector and region, the calendar days and the pathway that v2 requires; v1 exists only in pre-release dev/test data: recreate it`,
  ]);
}

export const qualityDispatchRecordedV1ToV2 = (v1: QualityDispatchRecordedV1): never => refuse('QualityDispatchRecorded', v1);
export const qualityResponseRecordedV1ToV2 = (v1: QualityResponseRecordedV1): never => refuse('QualityResponseRecorded', v1);
