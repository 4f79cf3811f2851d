/**
 * The walking skeleton as load: the five services as processes, and one patient's journey through them over
 * HTTP (register, consent, care, dispatch, answer), as test/e2e/walking-skeleton.e2e.spec.ts drives it once,
 * with the same tokens: a clinician of the unit, the patient answering, the quality database reading.
 */
import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import type { TokenClaims } from '@hub/auth';
import {
  bearer,
  databaseUrlVar,
  freePort,
  request,
  requireEnv,
  tokenFor,
  useTestAuth,
  SERVICE_NAMES,
  startService,
  stopService,
  waitHealthy,
  type RunningService,
  type ServiceName,
} from '@hub/testing';
import { sleep } from './measure';

export type Services = Record<ServiceName, RunningService>;

const QUESTIONNAIRE = 'http://pro-hub.dk/fhir/Questionnaire/pain-nrs|1.0.0';

export async function startAllServices(): Promise<Services> {
  // The services trust the local issuer the load signs its tokens with (npm test's, or one of its own).
  await useTestAuth();
  const services = {} as Services;
  for (const name of SERVICE_NAMES) services[name] = startService(name, await freePort(), { LOG_LEVEL: 'warn' });
  await Promise.all(SERVICE_NAMES.map((name) => waitHealthy(services[name])));
  return services;
}

export async function stopAllServices(services: Partial<Services>): Promise<void> {
  await Promise.all(Object.values(services).map((s) => stopService(s)));
}

/**
 * Distinct valid CPR numbers (a real date of birth 1940-1999, serial 0000-3999 so the century is 1900), from a
 * random start so repeated runs on one database register new patients rather than find old ones.
 */
export function cprSequence(): () => string {
  let i = randomInt(0, 2 ** 40);
  const epoch = Date.UTC(1940, 0, 1);
  const days = (Date.UTC(2000, 0, 1) - epoch) / 86_400_000;
  return () => {
    i++;
    const d = new Date(epoch + ((i >> 12) % days) * 86_400_000);
    const dd = String(d.getUTCDate()).padStart(2, '0');
    const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
    const yy = String(d.getUTCFullYear() % 100).padStart(2, '0');
    return `${dd}${mm}${yy}-${String(i % 4000).padStart(4, '0')}`;
  };
}

/** A fresh 15-digit SOR code per load step, so each step's indicator cell counts only that step's answers. */
export const newUnitSor = () => String(100000000000000 + randomInt(1, 2 ** 46));

/**
 * Tokens are signed once per actor and reused (they live an hour, longer than a run), so signing does not load
 * the machine the benchmark measures; the patient's token is the one signed per journey.
 */
const tokens = new Map<string, Promise<string>>();
function cachedToken(claims: TokenClaims): Promise<string> {
  const key = JSON.stringify(claims);
  if (!tokens.has(key)) tokens.set(key, tokenFor(claims));
  return tokens.get(key)!;
}

/** `request` with the actor's cached token. */
export async function requestAs<T = unknown>(claims: TokenClaims, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  return request<T>(method, url, body, { ...bearer(await cachedToken(claims)), ...headers });
}

/** Each step's unit is registered once in the organisation register (the care relationship names it). */
const registeredUnits = new Map<string, Promise<void>>();
function registerUnit(services: Services, unitSor: string): Promise<void> {
  if (!registeredUnits.has(unitSor)) {
    const admin: TokenClaims = { role: 'administrator', org: unitSor };
    const organisation = [{ sor: unitSor, name: `Bench unit ${unitSor}`, sector: 'hospital', region: 'Hovedstaden' }];
    registeredUnits.set(
      unitSor,
      requestAs(admin, 'POST', `${services.consent.url}/organisations`, organisation).then((r) => {
        if (r.status !== 200) throw new Error(`register unit: ${r.status} ${JSON.stringify(r.body)}`);
      }),
    );
  }
  return registeredUnits.get(unitSor)!;
}

/** Retries a request that depends on another service having consumed an event, until it is accepted. */
async function untilCreated(attempt: () => Promise<{ status: number; body: unknown }>, what: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const r = await attempt();
    if (r.status === 201) return r;
    if (performance.now() > deadline) throw new Error(`${what}: not accepted within ${timeoutMs} ms; last ${r.status} ${JSON.stringify(r.body)}`);
    await sleep(100);
  }
}

/** One patient's journey; resolves when intake accepted the answer (the indicator follows asynchronously). */
export async function patientJourney(services: Services, cpr: string, unitSor: string, timeoutMs = 60_000): Promise<void> {
  const url = (s: ServiceName) => services[s].url;
  const clinician: TokenClaims = { role: 'clinician', org: unitSor };
  await registerUnit(services, unitSor);
  const registered = await requestAs<{ patientId: string }>(clinician, 'POST', `${url('consent')}/patients`, { cpr });
  if (registered.status !== 201 && registered.status !== 200) throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
  const { patientId } = registered.body;
  const consent = await requestAs(clinician, 'POST', `${url('consent')}/patients/${patientId}/consents`, { purpose: 'treatment' });
  if (consent.status !== 201) throw new Error(`consent: ${consent.status} ${JSON.stringify(consent.body)}`);
  const care = await requestAs(clinician, 'POST', `${url('consent')}/patients/${patientId}/care-relationships`, { unitSor, pathway: 'pain', validFrom: new Date(Date.now() - 60_000).toISOString() });
  if (care.status !== 201) throw new Error(`care relationship: ${care.status} ${JSON.stringify(care.body)}`);
  const dispatched = await untilCreated(() => requestAs(clinician, 'POST', `${url('dispatch')}/dispatches`, { patientId, unitSor, questionnaire: QUESTIONNAIRE }), 'dispatch', timeoutMs);
  const { dispatchId } = dispatched.body as { dispatchId: string };
  const response = {
    resourceType: 'QuestionnaireResponse',
    identifier: { system: 'urn:pro-hub:bench:response', value: dispatchId },
    questionnaire: QUESTIONNAIRE,
    status: 'completed',
    basedOn: [{ reference: `ServiceRequest/${dispatchId}` }],
    subject: { reference: `Patient/${patientId}` },
    authored: new Date().toISOString(),
    item: [
      { linkId: 'pain', answer: [{ valueInteger: 4 }] },
      { linkId: 'contact-me', answer: [{ valueBoolean: false }] },
    ],
  };
  const patient = bearer(await tokenFor({ role: 'patient', org: unitSor, patient: patientId }));
  await untilCreated(
    () => request('POST', `${url('intake')}/fhir/QuestionnaireResponse`, response, { 'content-type': 'application/fhir+json', ...patient }),
    'questionnaire response',
    timeoutMs,
  );
}

/** Answers the indicators service has counted for a unit (0 before it has heard of the unit). */
export async function countedAnswers(services: Services, unitSor: string): Promise<number> {
  const r = await requestAs<{ units?: { numerator: number }[] }>({ role: 'quality-database', org: unitSor }, 'GET', `${services.indicators.url}/indicators/response-rate?unit=${unitSor}`);
  return r.status === 200 ? (r.body.units?.[0]?.numerator ?? 0) : 0;
}

/** Events in all five services' event stores: what the whole pipeline has written. */
export async function totalEvents(): Promise<number> {
  let total = 0;
  for (const name of SERVICE_NAMES) {
    const db = new Client({ connectionString: requireEnv(databaseUrlVar(name)) });
    await db.connect();
    try {
      total += Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n);
    } finally {
      await db.end();
    }
  }
  return total;
}
