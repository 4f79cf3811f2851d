/**
 * From dispatch to a MeasureReport read by a subscribed quality database, across the five services as separate
 * processes: a hospital dispatches, the patient answers, pseudonymisation writes quality records v2, indicators
 * publishes MeasureReportPublished on the public topic and serves the report to the quality database its
 * administrator granted the unit, and refuses it what was not granted. The minimum count is 1 here so one answer
 * makes a published cell (suppression is covered by the unit and integration specs).
 */
import { randomInt } from 'node:crypto';
import { eventually, freePort, readAllMessages, requestAs, requireEnv, useTestAuth, SERVICE_NAMES, startService, stopService, waitHealthy, type RunningService, type ServiceName } from '@hub/testing';

jest.setTimeout(180_000);

const QUESTIONNAIRE = 'http://pro-hub.dk/fhir/Questionnaire/pain-nrs|1.0.0';
const services = {} as Record<ServiceName, RunningService>;
const url = (s: ServiceName) => services[s].url;
const unitSor = String(100000000000000 + randomInt(1, 2 ** 46));
const qualityDatabaseSor = String(100000000000000 + randomInt(1, 2 ** 46));
const clinician = { role: 'clinician', org: unitSor } as const;
const admin = { role: 'administrator', org: unitSor } as const;
const qualityDatabase = { role: 'quality-database', org: qualityDatabaseSor } as const;
const thisMonth = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
let patientId: string;

interface Bundle { total: number; entry: Array<{ resource: { measure: string; group: Array<{ population?: Array<{ count: number }>; measureScore: { value?: number } }> } }> }

beforeAll(async () => {
  await useTestAuth();
  for (const name of SERVICE_NAMES) services[name] = startService(name, await freePort(), { INDICATOR_MIN_COUNT: '1' });
  await Promise.all(SERVICE_NAMES.map((name) => waitHealthy(services[name])));
});

afterAll(async () => {
  await Promise.all(SERVICE_NAMES.filter((n) => services[n]).map((n) => stopService(services[n])));
});

describe('indicators end to end: dispatch → answer → quality records → MeasureReport for a subscriber', () => {
  it('a hospital dispatches and the patient answers', async () => {
    expect((await requestAs(admin, 'POST', `${url('consent')}/organisations`, [{ sor: unitSor, name: 'Indicators e2e unit', sector: 'hospital', region: 'Hovedstaden' }])).status).toBe(200);
    patientId = (await requestAs<{ patientId: string }>(clinician, 'POST', `${url('consent')}/patients`, { cpr: '241285-2941' })).body.patientId;
    await requestAs(clinician, 'POST', `${url('consent')}/patients/${patientId}/consents`, { purpose: 'treatment' });
    await requestAs(clinician, 'POST', `${url('consent')}/patients/${patientId}/care-relationships`, { unitSor, pathway: 'pain', validFrom: new Date(Date.now() - 60_000).toISOString() });
    const dispatched = await eventually(() => requestAs<{ dispatchId: string }>(clinician, 'POST', `${url('dispatch')}/dispatches`, { patientId, unitSor, questionnaire: QUESTIONNAIRE }), (r) => r.status === 201, 30_000, 'dispatch to accept');
    const response = {
      resourceType: 'QuestionnaireResponse',
      identifier: { system: 'urn:pro-hub:test:response', value: dispatched.body.dispatchId },
      questionnaire: QUESTIONNAIRE,
      status: 'completed',
      basedOn: [{ reference: `ServiceRequest/${dispatched.body.dispatchId}` }],
      subject: { reference: `Patient/${patientId}` },
      authored: new Date().toISOString(),
      item: [{ linkId: 'pain', answer: [{ valueInteger: 3 }] }],
    };
    const patient = { role: 'patient', org: unitSor, patient: patientId } as const;
    await eventually(() => requestAs(patient, 'POST', `${url('intake')}/fhir/QuestionnaireResponse`, response, { 'content-type': 'application/fhir+json' }), (r) => r.status === 201, 30_000, 'intake to accept');
  });

  it('the unit’s report is published on the public topic and read by the quality database it was granted to', async () => {
    const subject = `subject=${unitSor}&measure=response-within-window&period=ge${thisMonth}&period=le${thisMonth}`;
    await eventually(() => requestAs<Bundle>(admin, 'GET', `${url('indicators')}/fhir/MeasureReport?${subject}`), (r) => r.status === 200 && r.body.entry?.[0]?.resource.group[0].population?.[0]?.count === 1, 60_000, 'the unit report to count the answer');
    const refused = await requestAs(qualityDatabase, 'GET', `${url('indicators')}/fhir/MeasureReport?${subject}`);
    expect(refused.status).toBe(403);
    const granted = await requestAs(admin, 'POST', `${url('indicators')}/subscriptions`, { subscriber: qualityDatabaseSor, measures: ['response-within-window'], strata: { units: [unitSor] } });
    expect(granted.status).toBe(201);
    const read = await requestAs<Bundle>(qualityDatabase, 'GET', `${url('indicators')}/fhir/MeasureReport?${subject}`);
    expect(read.status).toBe(200);
    expect(read.body.total).toBe(1);
    expect(read.body.entry[0].resource).toMatchObject({ measure: 'http://pro-hub.dk/fhir/Measure/response-within-window|1.0.0', group: [{ population: [{ count: 1 }, { count: 1 }], measureScore: { value: 1 } }] });
    const published = (await readAllMessages(requireEnv('KAFKA_BROKERS').split(','), ['pro.public.indicators.v1'])).filter((m) => m.headers['event-type'] === 'MeasureReportPublished' && m.value.includes(unitSor));
    expect(published.length).toBeGreaterThan(0);
    expect(published.some((m) => m.value.includes('241285'))).toBe(false);
  });
});
