/**
 * The cross-sector story over real services, Kafka and Postgres: a hospital orders a questionnaire, the patient
 * answers, the municipality's rehabilitation unit (in care) reads it, a GP (not in care) is denied, the patient
 * blocks the municipality and it is denied, an override is permitted and flagged, and the patient sees all of
 * it in their own access log, without a CPR number anywhere in it.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { TokenClaims } from '@hub/auth';
import { eventually, freePort, request, requestAs, SERVICE_NAMES, startService, stopService, useTestAuth, waitHealthy, type RunningService, type ServiceName } from '@hub/testing';

jest.setTimeout(180_000);

const QUESTIONNAIRE = 'http://pro-hub.dk/fhir/Questionnaire/pain-nrs|1.0.0';
const services = {} as Record<ServiceName, RunningService>;
const url = (s: ServiceName) => services[s].url;
const sor = () => String(100000000000000 + randomInt(1, 2 ** 46));
const [HOSPITAL, MUNICIPALITY, GP] = [sor(), sor(), sor()];
// A CPR number of its own per run (a real date, serial 1xxx: born in the 1900s).
const CPR = `${String(randomInt(1, 29)).padStart(2, '0')}${String(randomInt(1, 13)).padStart(2, '0')}${randomInt(40, 99)}-${randomInt(1000, 4000)}`;
const admin: TokenClaims = { role: 'administrator', org: HOSPITAL };
const doctor: TokenClaims = { role: 'clinician', org: HOSPITAL, sub: 'doctor-1' };
// Subjects of their own per run: each retried read below is (rightly) logged, so queries filter by these.
const run = randomUUID().slice(0, 8);
const therapist: TokenClaims = { role: 'clinician', org: MUNICIPALITY, sub: `therapist-${run}` };
const gp: TokenClaims = { role: 'clinician', org: GP, sub: 'gp-3' };
const auditor: TokenClaims = { role: 'auditor', org: HOSPITAL, sub: `auditor-${run}` };
let patientId: string;
let patient: TokenClaims;

type Bundle = { resourceType: string; total: number; entry: { resource: { id: string } }[] };
type Outcome = { resourceType: string; issue: { diagnostics: string }[] };
type LogEntry = { actor: { subject: string; orgSor: string; orgName: string | null }; effect: string; reason: string; overridden: boolean; internalOnly: boolean; resource: { kind: string } };
const readResponses = (who: TokenClaims) => requestAs<Bundle & Outcome>(who, 'GET', `${url('intake')}/fhir/QuestionnaireResponse?patient=${patientId}`);

beforeAll(async () => {
  await useTestAuth();
  for (const name of SERVICE_NAMES) services[name] = startService(name, await freePort());
  await Promise.all(SERVICE_NAMES.map((name) => waitHealthy(services[name])));
});

afterAll(async () => {
  await Promise.all(SERVICE_NAMES.filter((n) => services[n]).map((n) => stopService(services[n])));
});

describe('cross-sector access with a patient-visible access log', () => {
  it('the register knows the three units; the patient is in care at the hospital and the municipality', async () => {
    const units = [
      { sor: HOSPITAL, name: 'Hospital ortopædkirurgi', sector: 'hospital', region: 'Midtjylland' },
      { sor: MUNICIPALITY, name: 'Kommunal genoptræning', sector: 'municipality', region: 'Midtjylland' },
      { sor: GP, name: 'Lægehuset', sector: 'general-practice', region: 'Midtjylland' },
    ];
    expect((await requestAs(admin, 'POST', `${url('consent')}/organisations`, units)).body).toEqual({ registered: 3, unchanged: 0 });
    patientId = (await requestAs<{ patientId: string }>(doctor, 'POST', `${url('consent')}/patients`, { cpr: CPR })).body.patientId;
    patient = { role: 'patient', org: HOSPITAL, patient: patientId, sub: `patient-${patientId}` };
    expect((await requestAs(doctor, 'POST', `${url('consent')}/patients/${patientId}/consents`, { purpose: 'treatment' })).status).toBe(201);
    const validFrom = new Date(Date.now() - 60_000).toISOString();
    expect((await requestAs(doctor, 'POST', `${url('consent')}/patients/${patientId}/care-relationships`, { unitSor: HOSPITAL, pathway: 'knee-replacement', validFrom })).status).toBe(201);
    expect((await requestAs(therapist, 'POST', `${url('consent')}/patients/${patientId}/care-relationships`, { unitSor: MUNICIPALITY, pathway: 'knee-rehabilitation', validFrom })).status).toBe(201);
  });

  it('the hospital orders a questionnaire and the patient answers it', async () => {
    const dispatched = await eventually(
      () => requestAs<{ dispatchId: string }>(doctor, 'POST', `${url('dispatch')}/dispatches`, { patientId, unitSor: HOSPITAL, questionnaire: QUESTIONNAIRE }),
      (r) => r.status === 201,
      30_000,
      'dispatch to accept the order',
    );
    const dispatchId = dispatched.body.dispatchId;
    const response = {
      resourceType: 'QuestionnaireResponse',
      identifier: { system: 'urn:pro-hub:test:response', value: dispatchId },
      questionnaire: QUESTIONNAIRE,
      status: 'completed',
      basedOn: [{ reference: `ServiceRequest/${dispatchId}` }],
      subject: { reference: `Patient/${patientId}` },
      authored: new Date().toISOString(),
      item: [{ linkId: 'pain', answer: [{ valueInteger: 4 }] }],
    };
    const fhir = { 'content-type': 'application/fhir+json' };
    // Another patient cannot answer on this patient's behalf.
    expect((await requestAs({ ...patient, patient: randomUUID() }, 'POST', `${url('intake')}/fhir/QuestionnaireResponse`, response, fhir)).status).toBe(403);
    const accepted = await eventually(() => requestAs(patient, 'POST', `${url('intake')}/fhir/QuestionnaireResponse`, response, fhir), (r) => r.status === 201, 30_000, 'intake to accept the answer');
    expect(accepted.status).toBe(201);
  });

  it('the municipality rehabilitation unit, in care, reads the answer', async () => {
    const read = await eventually(() => readResponses(therapist), (r) => r.status === 200, 30_000, 'intake to learn the municipality’s care relationship');
    expect(read.contentType).toContain('application/fhir+json');
    expect(read.body).toMatchObject({ resourceType: 'Bundle', total: 1 });
  });

  it('a GP without a care relationship is denied, with the reason, and without a token nobody gets anything', async () => {
    const denied = await readResponses(gp);
    expect(denied.status).toBe(403);
    expect(denied.body.resourceType).toBe('OperationOutcome');
    expect(denied.body.issue[0].diagnostics).toContain('no-care-relationship');
    const anonymous = await request<Outcome>('GET', `${url('intake')}/fhir/QuestionnaireResponse?patient=${patientId}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.resourceType).toBe('OperationOutcome');
  });

  it('the hospital’s worklist lists the patient’s answer, decided and logged like any read', async () => {
    const worklist = await requestAs<{ unitSor: string; entries: { patientId: string; responseIds: string[]; flagged: boolean }[] }>(doctor, 'GET', `${url('intake')}/worklist`);
    expect(worklist.status).toBe(200);
    // pain-nrs 1.0.0 has no PRO package (the package scores 1.1.0), so the answer is listed unscored.
    const responses = [{ responseId: expect.any(String), triage: 'not-scored', receivedAt: expect.any(String) }];
    expect(worklist.body.entries).toEqual([{ patientId, responseIds: [expect.any(String)], responses, flagged: false }]);
    expect((await requestAs(patient, 'GET', `${url('intake')}/worklist`)).status).toBe(403);
  });

  it('the patient blocks the municipality, and the municipality is denied from then on', async () => {
    expect((await requestAs(patient, 'POST', `${url('consent')}/patients/${patientId}/blocks`, { target: { kind: 'unit', value: MUNICIPALITY } })).status).toBe(201);
    const denied = await eventually(() => readResponses(therapist), (r) => r.status === 403, 30_000, 'intake to learn of the block');
    expect(denied.body.issue[0].diagnostics).toContain('blocked');
    expect((await readResponses(doctor)).status).toBe(200);
  });

  it('an override for vital interest is permitted and flagged', async () => {
    expect((await requestAs(therapist, 'POST', `${url('consent')}/patients/${patientId}/overrides`, { reason: 'vital-interest' })).status).toBe(201);
    const read = await eventually(() => readResponses(therapist), (r) => r.status === 200, 30_000, 'intake to learn of the override');
    expect(read.body.total).toBe(1);
  });

  it('the patient reads their own answers and sees every access in their log, without a CPR number', async () => {
    expect((await readResponses(patient)).body.total).toBe(1);
    const expected = [
      `${MUNICIPALITY}:permit:care-relationship`,
      `${GP}:deny:no-care-relationship`,
      `${MUNICIPALITY}:deny:blocked`,
      `${HOSPITAL}:permit:care-relationship`,
      `${MUNICIPALITY}:permit:override-vital-interest:flagged`,
      `${HOSPITAL}:permit:own-data`,
    ];
    const summary = (entries: LogEntry[]) => entries.map((e) => `${e.actor.orgSor}:${e.effect}:${e.reason}${e.overridden ? ':flagged' : ''}`);
    // The log is fed over Kafka: wait until every decision above has arrived, then compare exactly.
    const log = await eventually(
      () => requestAs<{ entries: LogEntry[] }>(patient, 'GET', `${url('consent')}/patients/me/access-log`),
      (r) => r.status === 200 && expected.every((x) => summary(r.body.entries).includes(x)),
      30_000,
      'the access log to hold every decision',
    );
    expect(new Set(summary(log.body.entries))).toEqual(new Set(expected));
    expect(log.body.entries.find((e) => e.actor.orgSor === GP)!.actor.orgName).toBe('Lægehuset');
    const text = JSON.stringify(log.body);
    expect(text).not.toContain(CPR);
    expect(text).not.toContain(CPR.replace('-', ''));
    // The log belongs to the patient: another patient's token sees only their own (empty) log.
    const other = await requestAs<{ entries: LogEntry[] }>({ ...patient, patient: randomUUID() }, 'GET', `${url('consent')}/patients/me/access-log`);
    expect(other.body.entries).toEqual([]);
  });

  it('an auditor queries by actor and by patient; the audit itself is logged internal-only, hidden from the patient', async () => {
    expect((await requestAs(patient, 'GET', `${url('consent')}/access-log?patient=${patientId}`)).status).toBe(403);
    const byActor = await requestAs<{ entries: LogEntry[] }>(auditor, 'GET', `${url('consent')}/access-log?actor=${therapist.sub}`);
    expect([...new Set(byActor.body.entries.map((e) => e.reason))].sort()).toEqual(['blocked', 'care-relationship', 'override-vital-interest']);
    const byPatient = await requestAs<{ entries: LogEntry[] }>(auditor, 'GET', `${url('consent')}/access-log?patient=${patientId}`);
    expect(byPatient.body.entries.length).toBeGreaterThanOrEqual(7);
    const audited = await eventually(
      () => requestAs<{ entries: LogEntry[] }>(auditor, 'GET', `${url('consent')}/access-log?actor=${auditor.sub}`),
      (r) => r.body.entries.some((e) => e.internalOnly),
      30_000,
      'the audit to be logged',
    );
    expect(audited.body.entries.every((e) => e.internalOnly && e.reason === 'audit')).toBe(true);
    const mine = await requestAs<{ entries: LogEntry[] }>(patient, 'GET', `${url('consent')}/patients/me/access-log`);
    expect(mine.body.entries.some((e) => e.internalOnly || e.actor.subject === auditor.sub)).toBe(false);
  });

  it('after the patient is erased, the hospital in care is denied everywhere, and the auditor still sees what happened', async () => {
    expect((await readResponses(doctor)).status).toBe(200);
    const beforeErasure = new Date().toISOString();
    const erased = await requestAs(admin, 'POST', `${url('consent')}/patients/${patientId}/erasure`, { reason: 'patient-request' });
    expect(erased.status).toBeLessThan(300);
    // Intake learns of the erasure from the consent topic: its own decision, from its replica, denies.
    const denied = await eventually(() => readResponses(doctor), (r) => r.status === 403, 30_000, 'intake to deny reads of the erased patient');
    expect(denied.body.issue[0].diagnostics).toContain('patient-erased');
    // Consent's own decision says the same now, and "as of" before the erasure it still says permit.
    type Decided = { decision: { effect: string; reason: string } };
    const decisionAt = (at?: string) =>
      requestAs<Decided>(auditor, 'GET', `${url('consent')}/access-decisions?patient=${patientId}&role=clinician&org=${HOSPITAL}&purpose=treatment${at ? `&at=${encodeURIComponent(at)}` : ''}`);
    expect((await decisionAt()).body.decision).toMatchObject({ effect: 'deny', reason: 'patient-erased' });
    expect((await decisionAt(beforeErasure)).body.decision).toMatchObject({ effect: 'permit', reason: 'care-relationship' });
    // The denial is in the log an auditor reads.
    const log = await eventually(
      () => requestAs<{ entries: LogEntry[] }>(auditor, 'GET', `${url('consent')}/access-log?patient=${patientId}`),
      (r) => r.body.entries?.some((e) => e.reason === 'patient-erased') ?? false,
      30_000,
      'the denial to reach the access log',
    );
    expect(JSON.stringify(log.body)).not.toContain(CPR);
  });
});
