/**
 * The walking skeleton across all five services, over HTTP and the real Kafka broker and Postgres:
 * consent → dispatch → intake (FHIR) → pseudonymisation → indicators. Run by `npm test`, which provisions
 * the infrastructure and builds the services; each service runs as its own Node 24 process.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { eventually, freePort, readAllMessages, request, requestAs, requireEnv, useTestAuth, SERVICE_NAMES, startService, stopService, waitHealthy, databaseUrlVar, type RunningService, type ServiceName } from '@hub/testing';

jest.setTimeout(180_000);

const QUESTIONNAIRE = 'http://pro-hub.dk/fhir/Questionnaire/pain-nrs|1.0.0';
// Born 24 December 1985 (serial 1xxx-3xxx: the 1900s), with a serial of its own per run, so the suite can run
// again on the same database: registering a known CPR number answers 200 with the patient already known.
const CPR = `241285-${randomInt(1000, 4000)}`;
const NAME_IN_FREE_TEXT = 'Karen Margrethe Sørensen';
const brokers = () => requireEnv('KAFKA_BROKERS').split(',');
const services = {} as Record<ServiceName, RunningService>;
const url = (s: ServiceName) => services[s].url;
// A unit code of its own per run, so the assertions see only this run's indicator cell.
// randomInt's range is at most 2^48, so the 15-digit code is the fixed prefix plus a 2^46 random part.
const unitSor = String(100000000000000 + randomInt(1, 2 ** 46));
const traceId = randomUUID().replace(/-/g, '');
const clinician = { role: 'clinician', org: unitSor } as const;
const patient = () => ({ role: 'patient', org: unitSor, patient: patientId }) as const;
const qualityDatabase = { role: 'quality-database', org: unitSor } as const;
let patientId: string;

function questionnaireResponse(dispatchId: string, patientId: string, extra: Record<string, unknown> = {}) {
  return {
    resourceType: 'QuestionnaireResponse',
    identifier: { system: 'urn:pro-hub:test:response', value: dispatchId },
    questionnaire: QUESTIONNAIRE,
    status: 'completed',
    basedOn: [{ reference: `ServiceRequest/${dispatchId}` }],
    subject: { reference: `Patient/${patientId}` },
    authored: new Date().toISOString(),
    item: [
      { linkId: 'pain', answer: [{ valueInteger: 7 }] },
      { linkId: 'contact-me', answer: [{ valueBoolean: true }] },
      // Adversarial free text: a CPR number and a name typed by the patient must never leave treatment.
      { linkId: 'comment', answer: [{ valueString: `Mit CPR er ${CPR}, jeg hedder ${NAME_IN_FREE_TEXT}` }] },
    ],
    ...extra,
  };
}

async function countEvents(service: ServiceName): Promise<number> {
  const db = new Client({ connectionString: requireEnv(databaseUrlVar(service)) });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM events');
    return Number(rows[0].n);
  } finally {
    await db.end();
  }
}

beforeAll(async () => {
  await useTestAuth();
  for (const name of SERVICE_NAMES) services[name] = startService(name, await freePort());
  await Promise.all(SERVICE_NAMES.map((name) => waitHealthy(services[name])));
});

afterAll(async () => {
  const outcomes = await Promise.all(SERVICE_NAMES.filter((n) => services[n]).map((n) => stopService(services[n])));
  // Graceful shutdown on SIGTERM: every service stops consuming, drains and exits by itself.
  expect(outcomes).toEqual(SERVICE_NAMES.map(() => 'graceful'));
});

describe('walking skeleton: consent → dispatch → intake → pseudonymisation → indicators', () => {
  let dispatchId: string;

  it('records treatment consent for a patient', async () => {
    const registered = await requestAs<{ patientId: string }>(clinician, 'POST', `${url('consent')}/patients`, { cpr: CPR });
    expect(registered.status).toBe(201);
    patientId = registered.body.patientId;
    const consent = await requestAs(clinician, 'POST', `${url('consent')}/patients/${patientId}/consents`, { purpose: 'treatment' });
    expect(consent.status).toBe(201);
    // The ordering unit is in the register and has the patient in care, so it may dispatch and read the answers.
    const admin = { role: 'administrator', org: unitSor } as const;
    expect((await requestAs(admin, 'POST', `${url('consent')}/organisations`, [{ sor: unitSor, name: 'Walking skeleton unit', sector: 'hospital', region: 'Hovedstaden' }])).status).toBe(200);
    const care = await requestAs(clinician, 'POST', `${url('consent')}/patients/${patientId}/care-relationships`, { unitSor, pathway: 'pain', validFrom: new Date(Date.now() - 60_000).toISOString() });
    expect(care.status).toBe(201);
  });

  it('a hospital unit dispatches the questionnaire once dispatch has learned of the consent over Kafka', async () => {
    const dispatched = await eventually(
      () => requestAs<{ dispatchId: string }>(clinician, 'POST', `${url('dispatch')}/dispatches`, { patientId, unitSor, questionnaire: QUESTIONNAIRE }),
      (r) => r.status === 201,
      30_000,
      'dispatch to accept the order',
    );
    dispatchId = dispatched.body.dispatchId;
    expect(dispatchId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('intake accepts the FHIR QuestionnaireResponse, idempotently by identifier', async () => {
    const traceparent = `00-${traceId}-${traceId.slice(0, 16)}-01`;
    const body = questionnaireResponse(dispatchId, patientId);
    const accepted = await eventually(
      () => requestAs<Record<string, unknown>>(patient(), 'POST', `${url('intake')}/fhir/QuestionnaireResponse`, body, { 'content-type': 'application/fhir+json', traceparent }),
      (r) => r.status === 201,
      30_000,
      'intake to learn of the dispatch and accept the response',
    );
    expect(accepted.contentType).toContain('application/fhir+json');
    expect(accepted.body).toMatchObject({ resourceType: 'QuestionnaireResponse', status: 'completed' });
    const again = await requestAs<Record<string, unknown>>(patient(), 'POST', `${url('intake')}/fhir/QuestionnaireResponse`, body, { 'content-type': 'application/fhir+json' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(accepted.body.id);
  });

  it('the indicators service counts the answer in the unit’s response rate', async () => {
    const result = await eventually(
      () => requestAs<{ units: { unitSor: string; numerator: number; denominator: number; rate: number | null }[] }>(qualityDatabase, 'GET', `${url('indicators')}/indicators/response-rate?unit=${unitSor}`),
      (r) => r.status === 200 && r.body.units[0]?.numerator === 1,
      30_000,
      'the response-rate indicator to count the answer',
    );
    expect(result.body.units).toEqual([{ unitSor, numerator: 1, denominator: 1, rate: 1 }]);
  });

  it('each service’s /health lists its consumers, caught up, with what they applied', async () => {
    type Health = { consumers: { name: string; lag: number | null; applied: number; deadLettered: number }[] };
    for (const [service, consumer] of [['pseudonymisation', 'pseudonymisation-treatment'], ['indicators', 'indicators-quality']] as const) {
      const health = await eventually(
        () => request<Health>('GET', `${url(service)}/health`),
        (r) => r.body.consumers?.find((c) => c.name === consumer)?.lag === 0,
        30_000,
        `${consumer} to report no lag`,
      );
      expect(health.body.consumers.find((c) => c.name === consumer)!.applied).toBeGreaterThan(0);
    }
  });

  it('the quality topic carries the dispatch and the answer in one stream under a pseudonym, never the CPR number, the name or the free text', async () => {
    const opened = await eventually(
      async () => (await readAllMessages(brokers(), ['pro.quality.records.v1'])).find((m) => m.headers['event-type'] === 'QualityDispatchRecorded' && JSON.parse(m.value).unit.sor === unitSor),
      (found) => found !== undefined,
      30_000,
      'the dispatch record',
    );
    // Every record of the dispatch is in its one stream, which is also the message key.
    const stream = `quality-${JSON.parse(opened!.value).dispatchRef}`;
    const ours = await eventually(
      async () => (await readAllMessages(brokers(), ['pro.quality.records.v1'])).filter((m) => m.key === stream),
      (found) => found.length >= 2,
      30_000,
      'the response record',
    );
    // A score record follows only when intake already knew the pain NRS package when the answer came.
    expect(ours.map((m) => m.headers['event-type']).slice(0, 2)).toEqual(['QualityDispatchRecorded', 'QualityResponseRecorded']);
    const [dispatchRecord, responseRecord, ...scoreRecords] = ours.map((m) => JSON.parse(m.value));
    expect(dispatchRecord).toMatchObject({ unit: { sor: unitSor, sector: 'hospital', region: 'Hovedstaden' }, ageBand: '40-49' }); // born 24 December 1985
    expect(dispatchRecord.dispatchedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(responseRecord.pseudonym).toMatch(/^[A-Z2-7]{16}[0-9A-Z]$/);
    expect(responseRecord.pseudonym).toBe(dispatchRecord.pseudonym);
    expect(responseRecord).toMatchObject({ responseVersion: 1, late: false });
    expect(responseRecord.answers).toEqual(expect.arrayContaining([{ linkId: 'pain', integer: 7 }, { linkId: 'contact-me', boolean: true }]));
    for (const scoreRecord of scoreRecords) expect(scoreRecord).toMatchObject({ responseVersion: 1, scores: [{ name: 'pain', value: 7, band: 'severe' }] });
    for (const m of ours) {
      expect(m.value).not.toContain(CPR);
      expect(m.value).not.toContain(CPR.replace('-', ''));
      expect(m.value).not.toContain(patientId);
      expect(m.value).not.toContain(dispatchId);
      expect(m.value).not.toContain('Sørensen');
      expect(m.value).not.toContain('Mit CPR');
      expect(m.value).not.toContain('Severe (7-10)');
    }
    // The trace begun by the patient's HTTP request continues through intake, Kafka and pseudonymisation.
    expect(ours.find((m) => m.headers['event-type'] === 'QualityResponseRecorded')!.headers.traceparent).toContain(traceId);
  });

  it('no message on any non-treatment topic carries a CPR-like value or the patient’s words', async () => {
    const topics = ['pro.quality.records.v1', 'pro.public.indicators.v1', 'pro.public.questionnaire-bank.v1', 'pro.ops.deadletter.v1', 'pro.ops.notifications.v1'];
    const messages = await readAllMessages(brokers(), topics);
    expect(messages.length).toBeGreaterThan(0);
    // Ids are UUIDs, and a random UUID holds a CPR-shaped digit run about once in a thousand: not a leak.
    const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
    for (const m of messages) {
      // Digit boundaries as in the privacy guard: a random 15-digit unit code may hold ten CPR-shaped digits.
      expect(m.value.replace(UUID, '')).not.toMatch(/(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}-?\d{4}(?!\d)/);
      expect(m.value).not.toContain('Sørensen');
    }
  });

  it('every service’s event store holds contiguous stream versions', async () => {
    for (const service of SERVICE_NAMES) {
      const db = new Client({ connectionString: requireEnv(databaseUrlVar(service)) });
      await db.connect();
      const { rows } = await db.query<{ stream_id: string; versions: number[] }>('SELECT stream_id, array_agg(stream_version ORDER BY stream_version) AS versions FROM events GROUP BY stream_id');
      await db.end();
      if (service !== 'indicators' || rows.length > 0) expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r.versions).toEqual(r.versions.map((_, i) => i + 1));
    }
  });
});

describe('bad input is refused with every problem named, and nothing is stored', () => {
  const post = (body: unknown) => requestAs<{ resourceType: string; issue: { diagnostics: string; expression?: string[] }[] }>(clinician, 'POST', `${url('intake')}/fhir/QuestionnaireResponse`, body, { 'content-type': 'application/fhir+json' });

  it('malformed JSON, a wrong resourceType, an unknown dispatch: an OperationOutcome and no event', async () => {
    const before = await countEvents('intake');
    const malformed = await post('{"resourceType": "QuestionnaireResponse",');
    expect(malformed.status).toBe(400);
    expect(malformed.body.resourceType).toBe('OperationOutcome');

    const wrongType = await post({ resourceType: 'Patient' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.issue[0].diagnostics).toMatch(/QuestionnaireResponse/);

    const unknownDispatch = await post({ ...questionnaireResponse(randomUUID(), randomUUID()), status: 'in-progress' });
    expect(unknownDispatch.status).toBe(422);
    const diagnostics = unknownDispatch.body.issue.map((i) => i.diagnostics).join('\n');
    expect(diagnostics).toMatch(/no dispatch .* is known/);
    expect(diagnostics).toMatch(/status must be one of/);
    expect(await countEvents('intake')).toBe(before);
  });

  it('an invalid CPR number: problem details naming it, and no event', async () => {
    const before = await countEvents('consent');
    const invalid = await requestAs<{ status: number; errors: { location?: string; message: string }[] }>(clinician, 'POST', `${url('consent')}/patients`, { cpr: '310299-1234' });
    expect(invalid.status).toBe(422);
    expect(invalid.contentType).toContain('application/problem+json');
    expect(invalid.body.errors).toEqual([expect.objectContaining({ location: 'cpr' })]);
    expect(await countEvents('consent')).toBe(before);
  });
});

describe('scoring and triage: the bank publishes PRO packages, intake scores with them', () => {
  const PHQ9 = 'http://pro-hub.dk/fhir/Questionnaire/phq-9|1.0.0';
  const codes = [0, 0, 0, 0, 0, 0, 0, 0, 1]; // total 1, but item 9 (thoughts of self-harm) is positive
  // A unit of its own, so the skeleton's assertions about its unit's quality records and rate stay exact.
  const scoringUnit = String(200000000000000 + randomInt(1, 2 ** 46));
  const frequency = (code: number) => ({ valueCoding: { system: 'http://pro-hub.dk/fhir/CodeSystem/frequency-two-weeks', code: String(code) } });

  it('a PHQ-9 response with item 9 positive is accepted and triaged red, with the package version on the score', async () => {
    const unitClinician = { role: 'clinician', org: scoringUnit } as const;
    const admin = { role: 'administrator', org: scoringUnit } as const;
    expect((await requestAs(admin, 'POST', `${url('consent')}/organisations`, [{ sor: scoringUnit, name: 'Scoring unit', sector: 'hospital', region: 'Midtjylland' }])).status).toBe(200);
    const registered = await requestAs<{ patientId: string }>(unitClinician, 'POST', `${url('consent')}/patients`, { cpr: '010203-4005' });
    const patientId = registered.body.patientId;
    await requestAs(unitClinician, 'POST', `${url('consent')}/patients/${patientId}/consents`, { purpose: 'treatment' });
    const care = await requestAs(unitClinician, 'POST', `${url('consent')}/patients/${patientId}/care-relationships`, { unitSor: scoringUnit, pathway: 'depression', validFrom: new Date(Date.now() - 60_000).toISOString() });
    expect(care.status).toBe(201);
    const dispatched = await eventually(
      () => requestAs<{ dispatchId: string }>(unitClinician, 'POST', `${url('dispatch')}/dispatches`, { patientId, unitSor: scoringUnit, questionnaire: PHQ9 }),
      (r) => r.status === 201,
      30_000,
      'dispatch to accept the PHQ-9 order',
    );
    const { dispatchId } = dispatched.body;
    const body = {
      ...questionnaireResponse(dispatchId, patientId, { questionnaire: PHQ9 }),
      item: codes.map((code, i) => ({ linkId: `phq9-${i + 1}`, answer: [frequency(code)] })),
    };
    const accepted = await eventually(
      () => requestAs<{ id: string }>(unitClinician, 'POST', `${url('intake')}/fhir/QuestionnaireResponse`, body, { 'content-type': 'application/fhir+json' }),
      (r) => r.status === 201,
      30_000,
      'intake to learn of the PHQ-9 version, its package and the dispatch',
    );
    const read = await requestAs<{ contained: Record<string, unknown>[]; extension: { url: string; extension: Record<string, unknown>[] }[] }>(unitClinician, 'GET', `${url('intake')}/fhir/QuestionnaireResponse/${accepted.body.id}`);
    expect(read.body.contained).toEqual([expect.objectContaining({ resourceType: 'Observation', valueInteger: 1 })]);
    const triage = read.body.extension.find((e) => e.url === 'http://pro-hub.dk/fhir/StructureDefinition/triage')!;
    expect(triage.extension).toEqual(expect.arrayContaining([{ url: 'colour', valueCode: 'red' }, { url: 'package', valueString: 'phq-9|1.0.0' }]));

    // The quality domain gets the score with its band code and package version: no band text, no triage reasons.
    const scored = await eventually(
      async () => (await readAllMessages(brokers(), ['pro.quality.records.v1'])).filter((m) => m.headers['event-type'] === 'QualityScoreRecorded' && JSON.parse(m.value).unit.sor === scoringUnit),
      (found) => found.length === 1,
      30_000,
      'the PHQ-9 score record',
    );
    const record = JSON.parse(scored[0].value) as { package: unknown; scores: Record<string, unknown>[] };
    expect(record.package).toEqual({ id: 'phq-9', version: '1.0.0' });
    expect(record.scores).toEqual(expect.arrayContaining([expect.objectContaining({ value: 1, band: expect.any(String) })]));
    for (const score of record.scores) expect(Object.keys(score).every((k) => ['name', 'value', 'band'].includes(k))).toBe(true);
    expect(scored[0].value).not.toMatch(/triage|reason|display/);
  });
});
