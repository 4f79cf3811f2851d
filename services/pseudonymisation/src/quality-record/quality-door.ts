import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { PatientErased, QuestionnaireDispatched, QuestionnaireResponseAccepted, QuestionnaireResponseEnteredInError, QuestionnaireResponseScored } from '@hub/contracts';
import type { PatientInDomain, PseudonymDomains } from '../domains/pseudonym-domains';
import { birthDateOf, forgetPatient, unitFactsOf } from '../facts/patient-facts';
import { forgetReleases, hold, isErased, releasedDispatchesOf, rememberRelease, takeHeld } from './door.tables';
import { appendRecords, assertReleasable, isDispatchReleased } from './release';
import {
  responseVersionOf,
  toDispatchRetracted,
  toQualityDispatchRecorded,
  toQualityResponseRecorded,
  toQualityScoreRecorded,
  toResponseRetracted,
  type DoorFacts,
  type QualityRecord,
} from './quality-record';

/**
 * The door's effects, one function per treatment event, each inside the consumer's transaction: look up what
 * the pure mapping needs, map, check, append. What happened is returned for the consumer to log.
 */
export type DoorOutcome =
  | { outcome: 'released'; records: QualityRecord[] }
  | { outcome: 'held'; record: QualityRecord }
  | { outcome: 'skipped'; reason: 'patient-erased' | 'dispatch-already-released' };

const ERASED: DoorOutcome = { outcome: 'skipped', reason: 'patient-erased' };

async function factsOf(tx: PoolClient, unitSor: string, patientId: string): Promise<DoorFacts> {
  // One after the other: a transaction's client runs one query at a time anyway.
  return { unit: await unitFactsOf(tx, unitSor), birthDate: await birthDateOf(tx, patientId) };
}

const enterQuality = (domains: PseudonymDomains, tx: PoolClient, patientId: string): Promise<PatientInDomain> => domains.enter(tx, 'quality', patientId);

/** A dispatch opens its quality stream; records that arrived before it follow it at once, in arrival order. */
export async function releaseDispatch(tx: PoolClient, domains: PseudonymDomains, event: QuestionnaireDispatched): Promise<DoorOutcome> {
  if (await isErased(tx, event.patientId)) return ERASED;
  const patient = await enterQuality(domains, tx, event.patientId);
  const record = toQualityDispatchRecorded(event, await factsOf(tx, event.unitSor, event.patientId), patient, randomUUID());
  // Dispatch ids are unique and the inbox drops redeliveries, so this is a second event for one dispatch: ignored.
  if (await isDispatchReleased(tx, record.data.dispatchRef)) return { outcome: 'skipped', reason: 'dispatch-already-released' };
  const records = [record, ...(await takeHeld(tx, record.data.dispatchRef))];
  await appendRecords(tx, records);
  await rememberRelease(tx, event.patientId, record.data.dispatchRef);
  return { outcome: 'released', records };
}

/** Any later record of a dispatch: appended after the dispatch record, or held until it is released. */
async function releaseAfterDispatch(tx: PoolClient, patientId: string, record: QualityRecord): Promise<DoorOutcome> {
  if (!(await isDispatchReleased(tx, record.data.dispatchRef))) {
    assertReleasable(record); // a record that can never leave is refused now, not when its dispatch arrives
    await hold(tx, patientId, record);
    return { outcome: 'held', record };
  }
  await appendRecords(tx, [record]);
  return { outcome: 'released', records: [record] };
}

export async function releaseResponse(tx: PoolClient, domains: PseudonymDomains, kind: 'accepted' | 'amended', event: QuestionnaireResponseAccepted): Promise<DoorOutcome> {
  if (await isErased(tx, event.patientId)) return ERASED;
  const version = responseVersionOf(kind, event);
  const patient = await enterQuality(domains, tx, event.patientId);
  const record = toQualityResponseRecorded(event, version, await factsOf(tx, event.unitSor, event.patientId), patient, randomUUID());
  return releaseAfterDispatch(tx, event.patientId, record);
}

export async function releaseScore(tx: PoolClient, domains: PseudonymDomains, event: QuestionnaireResponseScored): Promise<DoorOutcome> {
  if (await isErased(tx, event.patientId)) return ERASED;
  const patient = await enterQuality(domains, tx, event.patientId);
  const record = toQualityScoreRecorded(event, await factsOf(tx, event.unitSor, event.patientId), patient, randomUUID());
  return releaseAfterDispatch(tx, event.patientId, record);
}

export async function retractResponse(tx: PoolClient, domains: PseudonymDomains, event: QuestionnaireResponseEnteredInError): Promise<DoorOutcome> {
  if (await isErased(tx, event.patientId)) return ERASED;
  const record = toResponseRetracted(event, await enterQuality(domains, tx, event.patientId), randomUUID());
  return releaseAfterDispatch(tx, event.patientId, record);
}

/**
 * Erasure: every dispatch released for the patient is retracted as a whole, in its own stream; then the facts
 * about the patient, the list of released dispatches and any held records go, and the patient is marked erased.
 */
export async function retractPatient(tx: PoolClient, domains: PseudonymDomains, event: PatientErased): Promise<DoorOutcome> {
  if (await isErased(tx, event.patientId)) return ERASED;
  const refs = await releasedDispatchesOf(tx, event.patientId);
  const records: QualityRecord[] = [];
  if (refs.length > 0) {
    const patient = await enterQuality(domains, tx, event.patientId);
    records.push(...refs.map((ref) => toDispatchRetracted(ref, patient, event.erasedAt, randomUUID())));
    await appendRecords(tx, records);
  }
  await forgetReleases(tx, event.patientId);
  await forgetPatient(tx, event.patientId);
  return { outcome: 'released', records };
}
