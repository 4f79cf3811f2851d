/**
 * The consent service in-process against the real Postgres (a scratch database) and Kafka: authentication on
 * every route, the organisation register, research projects, care relationships, blocks, overrides, "as of"
 * decisions, FHIR Consent exchange, and publication on the treatment topic. Bad input records nothing.
 */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { generateKeyPair, SignJWT } from 'jose';
import { TOPICS } from '@hub/contracts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, type TokenClaims } from '@hub/auth';
import { runService } from '@hub/service-kit';
import { bearer, createScratchDatabase, eventually, readAllMessages, request, requestAs, requireEnv, tokenFor, useTestAuth, type ScratchDatabase } from '@hub/testing';
import { ConsentModule } from './consent.module';

jest.setTimeout(90_000);

const HOSPITAL = '100000000000001';
const MUNICIPALITY = '200000000000002';
const GP = '300000000000003';
const admin: TokenClaims = { role: 'administrator', org: HOSPITAL };
const auditor: TokenClaims = { role: 'auditor', org: HOSPITAL };
const rehab: TokenClaims = { role: 'clinician', org: MUNICIPALITY, sub: 'therapist-7' };
let db: ScratchDatabase;
let app: INestApplication;
let base: string;
let patientId: string;

const countEvents = async () => (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0].n;

beforeAll(async () => {
  await useTestAuth();
  db = await createScratchDatabase('consent');
  Object.assign(process.env, { DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  app = await runService({ name: 'consent', title: 'PRO hub: consent', module: ConsentModule });
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('authentication on every route', () => {
  const claims = { role: 'administrator', org: HOSPITAL };

  it('health is public; everything else needs a token (401 problem details naming Bearer)', async () => {
    expect((await request('GET', `${base}/health`)).status).toBe(200);
    const missing = await request<{ type: string; errors: { message: string }[] }>('GET', `${base}/organisations/${HOSPITAL}`);
    expect(missing.status).toBe(401);
    expect(missing.contentType).toContain('application/problem+json');
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    expect(missing.body.type).toBe('urn:pro-hub:problem:unauthenticated');
  });

  it.each([
    ['expired', () => tokenFor(admin, { ttl: -120 }), /expired/],
    ['for another audience', () => tokenFor(admin, { audience: 'urn:someone-else' }), /aud/],
    ['from another issuer', () => tokenFor(admin, { issuer: 'urn:evil' }), /iss/],
    [
      'unsigned (alg none)',
      async () => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, sub: 'x', iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, exp: 9999999999 })).toString('base64url')}.`,
      /unsigned|algorithm|invalid/,
    ],
    [
      'signed by a key the hub does not trust',
      async () => {
        const { privateKey } = await generateKeyPair('ES256');
        return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'ES256', kid: 'rogue' }).setSubject('x').setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE).setExpirationTime('1h').sign(privateKey);
      },
      /not signed by a trusted key|signature/,
    ],
  ])('refuses a token %s with 401 and the reason', async (_what, make, reason) => {
    const res = await request<{ errors: { message: string }[] }>('GET', `${base}/organisations/${HOSPITAL}`, undefined, bearer(await make()));
    expect(res.status).toBe(401);
    expect(res.body.errors[0].message).toMatch(reason);
  });

  it('a valid token with the wrong role gets 403, and nothing is recorded', async () => {
    const before = await countEvents();
    const res = await requestAs<{ type: string }>({ role: 'patient', org: HOSPITAL, patient: randomUUID() }, 'POST', `${base}/organisations`, [{ sor: GP, name: 'x', sector: 'general-practice', region: 'y' }]);
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('urn:pro-hub:problem:denied');
    expect(await countEvents()).toBe(before);
  });
});

describe('the organisation register and research projects', () => {
  it('refuses a register with bad entries, naming every problem, and records nothing', async () => {
    const res = await requestAs<{ errors: { location: string }[] }>(admin, 'POST', `${base}/organisations`, [
      { sor: HOSPITAL, name: 'AUH Ortopædkirurgi', sector: 'hospital', region: 'Midtjylland' },
      { sor: '12AB', name: 'x', sector: 'pharmacy', region: 'y' },
    ]);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e) => e.location)).toEqual(['[1].sor', '[1].sector']);
    expect(await countEvents()).toBe(0);
  });

  it('loads the register idempotently', async () => {
    const register = [
      { sor: HOSPITAL, name: 'AUH Ortopædkirurgi', sector: 'hospital', region: 'Midtjylland' },
      { sor: MUNICIPALITY, name: 'Aarhus Genoptræning', sector: 'municipality', region: 'Midtjylland' },
      { sor: GP, name: 'Lægehuset', sector: 'general-practice', region: 'Midtjylland' },
    ];
    expect((await requestAs(admin, 'POST', `${base}/organisations`, register)).body).toEqual({ registered: 3, unchanged: 0 });
    expect((await requestAs(admin, 'POST', `${base}/organisations`, register)).body).toEqual({ registered: 0, unchanged: 3 });
    expect((await requestAs(rehab, 'GET', `${base}/organisations/${MUNICIPALITY}`)).body).toMatchObject({ sector: 'municipality' });
  });

  it('registers a research project; a research consent to an unknown project is refused', async () => {
    expect((await requestAs(admin, 'POST', `${base}/research-projects`, { projectId: 'knee-2026', title: 'Knee outcomes', consentTextVersions: ['1.0'] })).status).toBe(201);
    const registered = await requestAs<{ patientId: string }>(admin, 'POST', `${base}/patients`, { cpr: '010190-1234' });
    patientId = registered.body.patientId;
    const before = await countEvents();
    const unknown = await requestAs(admin, 'POST', `${base}/patients/${patientId}/consents`, { purpose: 'research', projectId: 'hip-1999', textVersion: '1.0' });
    expect(unknown.status).toBe(404);
    expect(await countEvents()).toBe(before);
  });
});

describe('care relationships, blocks and as-of decisions', () => {
  const asOf = (at: string, org = MUNICIPALITY) =>
    requestAs<{ decision: { effect: string; reason: string } }>(auditor, 'GET', `${base}/access-decisions?patient=${patientId}&role=clinician&org=${org}&subject=therapist-7&at=${encodeURIComponent(at)}`);
  let beforeBlock: string;

  it('refuses reversed periods, unknown units and another unit’s clinician, recording nothing', async () => {
    const before = await countEvents();
    const reversed = await requestAs<{ errors: { location: string }[] }>(rehab, 'POST', `${base}/patients/${patientId}/care-relationships`, { unitSor: MUNICIPALITY, pathway: 'knee', validFrom: '2026-05-01T00:00:00Z', validTo: '2026-01-01T00:00:00Z' });
    expect(reversed.status).toBe(422);
    expect(reversed.body.errors[0].location).toBe('period');
    expect((await requestAs(admin, 'POST', `${base}/patients/${patientId}/care-relationships`, { unitSor: '999999999', pathway: 'knee', validFrom: '2026-01-01T00:00:00Z' })).status).toBe(404);
    expect((await requestAs(rehab, 'POST', `${base}/patients/${patientId}/care-relationships`, { unitSor: GP, pathway: 'knee', validFrom: '2026-01-01T00:00:00Z' })).status).toBe(403);
    expect(await countEvents()).toBe(before);
  });

  it('a municipality unit with a care relationship is permitted; an overlapping one is refused', async () => {
    const started = await requestAs(rehab, 'POST', `${base}/patients/${patientId}/care-relationships`, { unitSor: MUNICIPALITY, pathway: 'knee-rehabilitation', validFrom: '2026-01-01T00:00:00Z' });
    expect(started.status).toBe(201);
    const overlapping = await requestAs(rehab, 'POST', `${base}/patients/${patientId}/care-relationships`, { unitSor: MUNICIPALITY, pathway: 'other', validFrom: '2026-02-01T00:00:00Z' });
    expect(overlapping.status).toBe(409);
    beforeBlock = new Date().toISOString();
    expect((await asOf(beforeBlock)).body.decision).toMatchObject({ effect: 'permit', reason: 'care-relationship' });
    expect((await asOf(beforeBlock, GP)).body.decision).toMatchObject({ effect: 'deny', reason: 'no-care-relationship' });
  });

  it('the patient blocks the unit: denied from then on, while the earlier decision stays a permit', async () => {
    await new Promise((r) => setTimeout(r, 5));
    const patient: TokenClaims = { role: 'patient', org: HOSPITAL, patient: patientId };
    const blocked = await requestAs(patient, 'POST', `${base}/patients/${patientId}/blocks`, { target: { kind: 'unit', value: MUNICIPALITY } });
    expect(blocked.status).toBe(201);
    expect((await asOf(new Date().toISOString())).body.decision).toMatchObject({ effect: 'deny', reason: 'blocked' });
    expect((await asOf(beforeBlock)).body.decision).toMatchObject({ effect: 'permit', reason: 'care-relationship' });
    // Another patient cannot block on this patient's behalf.
    expect((await requestAs({ ...patient, patient: randomUUID() }, 'POST', `${base}/patients/${patientId}/blocks`, { target: { kind: 'sector', value: 'hospital' } })).status).toBe(403);
  });

  it('an override by the unit is permitted and flagged', async () => {
    const overridden = await requestAs(rehab, 'POST', `${base}/patients/${patientId}/overrides`, { reason: 'vital-interest' });
    expect(overridden.status).toBe(201);
    const decision = await requestAs<{ decision: Record<string, unknown> }>(auditor, 'GET', `${base}/access-decisions?patient=${patientId}&role=clinician&org=${MUNICIPALITY}&subject=therapist-7`);
    expect(decision.body.decision).toMatchObject({ effect: 'permit', reason: 'override-vital-interest', overridden: true, obligations: ['log-access', 'flag-override'] });
  });
});

describe('FHIR Consent exchange and publication', () => {
  const fhir = { 'content-type': 'application/fhir+json' };

  it('imports a research consent as FHIR and exports it with the block', async () => {
    const consent = {
      resourceType: 'Consent',
      status: 'active',
      scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'research' }] },
      patient: { reference: `Patient/${patientId}` },
      policy: [{ uri: 'urn:pro-hub:research-project:knee-2026|1.0' }],
    };
    expect((await requestAs(admin, 'POST', `${base}/fhir/Consent`, consent, fhir)).status).toBe(201);
    const patient: TokenClaims = { role: 'patient', org: HOSPITAL, patient: patientId };
    const bundle = await requestAs<{ total: number; entry: { resource: { scope: { coding: { code: string }[] }; status: string } }[] }>(patient, 'GET', `${base}/fhir/Consent?patient=${patientId}`);
    expect(bundle.contentType).toContain('application/fhir+json');
    expect(bundle.body.entry.map((e) => `${e.resource.scope.coding[0].code}:${e.resource.status}`).sort()).toEqual(['patient-privacy:active', 'research:active']);
  });

  it('a clinician of a unit without care reads no consents (denied and logged); the unit in care does', async () => {
    const gp: TokenClaims = { role: 'clinician', org: GP, sub: 'gp-3' };
    const refused = await requestAs<{ resourceType: string; issue: { diagnostics: string }[] }>(gp, 'GET', `${base}/fhir/Consent?patient=${patientId}`);
    expect(refused.status).toBe(403);
    expect(refused.body.issue[0].diagnostics).toContain('no-care-relationship');
    // The municipality is blocked but overridden: permitted, flagged.
    expect((await requestAs(rehab, 'GET', `${base}/patients/${patientId}/access-state`)).status).toBe(200);
    const logged = await db.pool.query<{ data: { actor: { orgSor: string }; effect: string; reason: string; overridden: boolean } }>("SELECT data FROM events WHERE type = 'AccessDecided' ORDER BY global_position");
    expect(logged.rows.map((r) => `${r.data.actor.orgSor}:${r.data.effect}:${r.data.reason}:${r.data.overridden}`).slice(-2)).toEqual([`${GP}:deny:no-care-relationship:false`, `${MUNICIPALITY}:permit:override-vital-interest:true`]);
  });

  it('an unusable Consent gets an OperationOutcome listing every issue, and nothing is recorded', async () => {
    const before = await countEvents();
    const res = await requestAs<{ resourceType: string; issue: unknown[] }>(admin, 'POST', `${base}/fhir/Consent`, { resourceType: 'Consent', patient: { reference: 'Patient/x' } }, fhir);
    expect(res.status).toBe(422);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue).toHaveLength(2);
    expect(await countEvents()).toBe(before);
  });

  it('withdrawal, block, override and care events are published on the consent topic', async () => {
    expect((await requestAs(admin, 'POST', `${base}/patients/${patientId}/consents/withdraw`, { purpose: 'research', projectId: 'knee-2026' })).status).toBe(200);
    const expected = ['PatientRegistered', 'CareRelationshipStarted', 'AccessBlocked', 'BlockOverridden', 'ConsentGranted', 'ConsentWithdrawn'];
    // Wait for every type, not only the last: the events lie on different partitions (one key per stream).
    const types = await eventually(
      async () => (await readAllMessages(requireEnv('KAFKA_BROKERS').split(','), [TOPICS.consent])).filter((m) => m.value.includes(patientId)).map((m) => m.headers['event-type']),
      (t) => expected.every((type) => t.includes(type)),
      30_000,
      'the withdrawal, block, override and care events on the consent topic',
    );
    expect(new Set(types)).toEqual(new Set(expected));
  });
});
