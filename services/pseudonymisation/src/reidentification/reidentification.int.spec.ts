/**
 * Re-identification over HTTP against the real Postgres (a scratch database) and Kafka. The service runs
 * in-process through runService with the real controller, command handler, store, relay and sealer; the
 * pseudonym registry is MapPseudonymDomains (the key store that will back PseudonymDomains is other work).
 * Every decision, refusals included, must be in the request's stream and on the treatment topic.
 * Each identity read must also reach the patient's own access log: the consent service runs beside it as its own
 * process from dist (built by npm test, or `tsc -p tsconfig.build.json`), collecting the access-log topic.
 */
import { randomUUID } from 'node:crypto';
import { Module, type INestApplication } from '@nestjs/common';
import { contractOf, TOPICS, upcastEvent, type AccessDecided, type ReidentificationActor } from '@hub/contracts';
import type { TokenClaims } from '@hub/auth';
import { handleCommand } from '@hub/event-store';
import { findCprLike } from '@hub/messaging';
import { runService } from '@hub/service-kit';
import {
  createScratchDatabase,
  eventually,
  freePort,
  readAllMessages,
  requestAs,
  requireEnv,
  startService,
  stopService,
  useTestAuth,
  waitHealthy,
  type RunningService,
  type ScratchDatabase,
} from '@hub/testing';
import { PseudonymDomains } from '../domains/pseudonym-domains';
import { MapPseudonymDomains } from './map-pseudonym-domains.fixture';
import { reidentificationDecider } from './reidentification.decider';
import { ReidentificationCommands } from './reidentification.commands';
import { ReidentificationController } from './reidentification.controller';
import { reidentificationStreamId } from './reidentification.events';

jest.setTimeout(90_000);

const UNIT = '100000000000001';
const OTHER_UNIT = '300000000000003';
const DPO_ORG = '900000000000009';
const run = randomUUID().slice(0, 8);
const nurse: TokenClaims = { role: 'clinician', org: UNIT, sub: `nurse-${run}` };
const doctor: TokenClaims = { role: 'clinician', org: UNIT, sub: `doctor-${run}` };
const gp: TokenClaims = { role: 'clinician', org: OTHER_UNIT, sub: `gp-${run}` };
const dpoA: TokenClaims = { role: 'administrator', org: DPO_ORG, sub: `dpo-a-${run}` };
const dpoB: TokenClaims = { role: 'administrator', org: DPO_ORG, sub: `dpo-b-${run}` };

interface Problem {
  type: string;
  status: number;
  errors: { location?: string; message: string }[];
}

const domains = new MapPseudonymDomains();
let db: ScratchDatabase;
let app: INestApplication;
let base: string;
const patients = [randomUUID(), randomUUID()];
let pseudonyms: string[];
const UNKNOWN = 'ZZZZZZZZZZZZZZZZ9';
let consent: RunningService;
/** The request whose identities the doctor read in the first scenario. */
let readRequestId: string;

@Module({ controllers: [ReidentificationController], providers: [ReidentificationCommands, { provide: PseudonymDomains, useValue: domains }] })
class ReidentificationTestModule {}

const ask = (who: TokenClaims, body: unknown) => requestAs<{ requestId: string } & Problem>(who, 'POST', `${base}/reidentification-requests`, body);
const approve = (who: TokenClaims, id: string) => requestAs<{ approvals: number; status: string; validUntil?: string } & Problem>(who, 'POST', `${base}/reidentification-requests/${id}/approvals`);
const identities = (who: TokenClaims, id: string) => requestAs<{ identities: { pseudonym: string; patientId: string }[]; notFound: string[] } & Problem>(who, 'GET', `${base}/reidentification-requests/${id}/identities`);
const stored = async (id: string) => (await db.pool.query<{ type: string; data: Record<string, unknown> }>('SELECT type, data FROM events WHERE stream_id = $1 ORDER BY stream_version', [reidentificationStreamId(id)])).rows;
const refusalsBy = async (subject: string) =>
  (await db.pool.query<{ data: { reason: string; action: string; problems: { location?: string }[] } }>("SELECT data FROM events WHERE type = 'ReidentificationRefused' AND data->'actor'->>'subject' = $1 ORDER BY global_position", [subject])).rows.map((r) => r.data);

beforeAll(async () => {
  await useTestAuth();
  consent = startService('consent', await freePort());
  db = await createScratchDatabase('reident');
  Object.assign(process.env, { DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  app = await runService({ name: 'pseudonymisation', title: 'PRO hub: pseudonymisation', module: ReidentificationTestModule });
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const client = await db.pool.connect();
  pseudonyms = await Promise.all(patients.map(async (p) => (await domains.enter(client, 'quality', p)).pseudonym));
  client.release();
  await waitHealthy(consent);
});

afterAll(async () => {
  if (consent) await stopService(consent);
  await app?.close();
  await db?.drop();
});

const body = () => ({ purpose: 'adverse-event-follow-up', justification: 'medication-error', domain: 'quality', pseudonyms: [...pseudonyms, UNKNOWN] });

describe('re-identification needs two approvers', () => {
  let requestId: string;

  it('is refused with one approval, allowed with two, and every step is logged in the store and on the treatment topic', async () => {
    const asked = await ask(nurse, body());
    expect(asked.status).toBe(201);
    requestId = asked.body.requestId;
    readRequestId = requestId;

    expect((await approve(dpoA, requestId)).body).toMatchObject({ approvals: 1, status: 'awaiting-approval' });
    const early = await identities(nurse, requestId);
    expect(early.status).toBe(409);
    expect(early.contentType).toContain('application/problem+json');
    expect(early.body.errors[0].message).toMatch(/needs 2 approvals/);

    const second = await approve(dpoB, requestId);
    expect(second.body).toMatchObject({ approvals: 2, status: 'released', releasedToSor: UNIT });
    // Any clinician of the requesting unit may read (the follow-up is the unit's), for 24 hours.
    const read = await identities(doctor, requestId);
    expect(read.status).toBe(200);
    expect(read.body.identities).toEqual([
      { pseudonym: pseudonyms[0], patientId: patients[0] },
      { pseudonym: pseudonyms[1], patientId: patients[1] },
    ]);
    expect(read.body.notFound).toEqual([UNKNOWN]);

    const trail = ['ReidentificationRequested', 'ReidentificationApproved', 'ReidentificationRefused', 'ReidentificationApproved', 'ReidentificationReleased', 'ReidentificationIdentitiesRead'];
    expect((await stored(requestId)).map((e) => e.type)).toEqual(trail);
    const onTopic = await eventually(
      async () => (await readAllMessages(requireEnv('KAFKA_BROKERS').split(','), [TOPICS.reidentification])).filter((m) => m.key === reidentificationStreamId(requestId)),
      (ms) => ms.length === trail.length,
      30_000,
      'the request stream on the treatment topic',
    );
    expect(onTopic.map((m) => m.headers['event-type'])).toEqual(trail);
    expect(JSON.parse(onTopic[5].value)).toMatchObject({ reader: { subject: doctor.sub, orgSor: UNIT }, identities: read.body.identities });
  });

  it('never puts a re-identification event on the quality topic', async () => {
    const quality = await readAllMessages(requireEnv('KAFKA_BROKERS').split(','), [TOPICS.qualityRecords]);
    expect(quality.filter((m) => m.value.includes(requestId) || m.value.includes(patients[0]))).toEqual([]);
  });

  it('gives the identities to the requesting unit only: another unit and an administrator are refused, and logged', async () => {
    const other = await identities(gp, requestId);
    expect(other.status).toBe(403);
    expect(other.body.errors[0].message).toMatch(/only to the unit that asked/);
    expect((await identities(dpoA, requestId)).status).toBe(403);
    expect(JSON.stringify(other.body)).not.toContain(patients[0]);
    expect((await refusalsBy(gp.sub!)).map((r) => [r.action, r.reason])).toEqual([['read-identities', 'other-unit']]);
    expect((await refusalsBy(dpoA.sub!)).map((r) => [r.action, r.reason])).toEqual([['read-identities', 'wrong-role']]);
  });

  it('refuses a third approval once released', async () => {
    const third = await approve({ ...dpoA, sub: `dpo-c-${run}` }, requestId);
    expect(third.status).toBe(409);
    expect((await refusalsBy(`dpo-c-${run}`)).map((r) => r.reason)).toEqual(['already-released']);
  });
});

describe('the patient’s own access log shows who re-identified them', () => {
  type LogEntry = { accessId: string; actor: { subject: string; orgSor: string }; purpose: string; resource: { kind: string }; effect: string; reason: string; basis?: { kind: string; id: string } };
  const loggedInStore = async (requestId: string) =>
    (await db.pool.query<{ data: AccessDecided; transaction_id: string }>("SELECT data, transaction_id::text FROM events WHERE type = 'AccessDecided' AND data->'basis'->>'id' = $1 ORDER BY global_position", [requestId])).rows;

  it('one permitted identity entry per released patient, in the read event’s own transaction; refused reads add none', async () => {
    const logged = await loggedInStore(readRequestId);
    expect(logged.map((r) => r.data.patientId).sort()).toEqual([...patients].sort());
    for (const { data } of logged) {
      expect(data).toMatchObject({ actor: { subject: doctor.sub, role: 'clinician', orgSor: UNIT }, purpose: 'quality', resource: { kind: 'identity' }, effect: 'permit', reason: 're-identification', internalOnly: false });
      expect(data.basis).toEqual({ kind: 'reidentification-request', id: readRequestId });
    }
    const { rows } = await db.pool.query<{ transaction_id: string }>("SELECT transaction_id::text FROM events WHERE stream_id = $1 AND type = 'ReidentificationIdentitiesRead'", [reidentificationStreamId(readRequestId)]);
    expect(new Set(logged.map((r) => r.transaction_id))).toEqual(new Set([rows[0].transaction_id]));
  });

  it('the entries reach the access-log topic as AccessDecided (current schema), with no pseudonym and nothing CPR-like', async () => {
    const onTopic = await eventually(
      async () => (await readAllMessages(requireEnv('KAFKA_BROKERS').split(','), [TOPICS.accessLog])).filter((m) => m.value.includes(readRequestId)),
      (ms) => ms.length === patients.length,
      30_000,
      'the identity reads on the access-log topic',
    );
    expect(onTopic.map((m) => [m.headers['event-type'], m.headers['schema-version']])).toEqual(patients.map(() => ['AccessDecided', String(contractOf('AccessDecided').schemaVersion)]));
    for (const m of onTopic) {
      expect(pseudonyms.some((p) => m.value.includes(p))).toBe(false);
      expect(findCprLike(JSON.parse(m.value))).toBeUndefined();
    }
  });

  it('the consent service shows each patient their own entry in GET /patients/me/access-log, and no CPR number', async () => {
    for (const [i, patientId] of patients.entries()) {
      const asPatient: TokenClaims = { role: 'patient', org: UNIT, patient: patientId, sub: `patient-${patientId}` };
      const mine = await eventually(
        async () => (await requestAs<{ patientId: string; entries: LogEntry[] }>(asPatient, 'GET', `${consent.url}/patients/me/access-log`)).body,
        (log) => (log.entries ?? []).some((e) => e.resource.kind === 'identity'),
        60_000,
        'consent to collect the identity read into the patient’s access log',
      );
      // Only the doctor's permitted read: the refused reads by another unit and by an administrator name no patient.
      const identityReads = mine.entries.filter((e) => e.resource.kind === 'identity');
      expect(identityReads).toEqual([
        expect.objectContaining({ actor: expect.objectContaining({ subject: doctor.sub, orgSor: UNIT }), purpose: 'quality', effect: 'permit', reason: 're-identification', basis: { kind: 'reidentification-request', id: readRequestId } }),
      ]);
      expect(JSON.stringify(mine)).not.toContain(pseudonyms[i]);
      expect(findCprLike(mine)).toBeUndefined();
    }
  });
});

describe('bad requests and approvals are refused with a clear error, and logged', () => {
  it('a request without purpose gets 422 listing every problem, records only the refusal', async () => {
    const subject = `nurse-bad-${run}`;
    const res = await ask({ ...nurse, sub: subject }, { justification: 'medication-error', domain: 'quality', pseudonyms: [pseudonyms[0], '010190-1234'], note: 'free text' });
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('urn:pro-hub:problem:validation');
    expect(res.body.errors.map((e) => e.location ?? 'body')).toEqual(['purpose', 'pseudonyms[1]', 'body']);
    const refusals = await refusalsBy(subject);
    expect(refusals).toEqual([expect.objectContaining({ action: 'request', reason: 'invalid-request' })]);
    expect(JSON.stringify(refusals)).not.toContain('010190-1234');
    const { rows } = await db.pool.query("SELECT 1 FROM events WHERE type = 'ReidentificationRequested' AND data->'requester'->>'subject' = $1", [subject]);
    expect(rows).toEqual([]);
  });

  it('a request by a role other than clinician gets 403, logged', async () => {
    const subject = `patient-${run}`;
    const res = await ask({ role: 'patient', org: UNIT, sub: subject, patient: patients[0] }, body());
    expect(res.status).toBe(403);
    expect((await refusalsBy(subject)).map((r) => r.reason)).toEqual(['wrong-role']);
  });

  it('self-approval gets 403 and the same approver twice 409; neither releases anything', async () => {
    const { requestId } = (await ask(nurse, body())).body;
    const self = await approve({ role: 'administrator', org: UNIT, sub: nurse.sub }, requestId);
    expect(self.status).toBe(403);
    expect(self.body.errors[0].message).toMatch(/cannot approve their own request/);
    expect((await approve(dpoA, requestId)).status).toBe(200);
    const twice = await approve(dpoA, requestId);
    expect(twice.status).toBe(409);
    expect(twice.body.errors[0].message).toMatch(/already approved/);
    expect((await identities(nurse, requestId)).status).toBe(409);
    const reasons = (await stored(requestId)).filter((e) => e.type === 'ReidentificationRefused').map((e) => e.data.reason);
    expect(reasons).toEqual(['self-approval', 'already-approved', 'not-approved']);
  });

  it('an approval after the 72-hour window gets 409, logged, and releases nothing', async () => {
    // A request made four days ago, decided by the same decider the service runs.
    const requestId = randomUUID();
    const requester: ReidentificationActor = { subject: nurse.sub!, role: 'clinician', orgSor: UNIT };
    await handleCommand(db.pool, reidentificationStreamId(requestId), reidentificationDecider, { type: 'RequestReidentification', requestId, actor: requester, body: body(), at: new Date(Date.now() - 96 * 3_600_000).toISOString() }, {
      schemaVersionOf: (type) => contractOf(type).schemaVersion,
      upcast: upcastEvent,
      newEventId: randomUUID,
    });
    const late = await approve(dpoB, requestId);
    expect(late.status).toBe(409);
    expect(late.body.errors[0].message).toMatch(/expired before it was approved/);
    expect((await stored(requestId)).map((e) => [e.type, e.data.reason])).toEqual([
      ['ReidentificationRequested', undefined],
      ['ReidentificationRefused', 'approval-window-closed'],
    ]);
  });

  it('approving a request that does not exist gets 404, logged', async () => {
    const requestId = randomUUID();
    expect((await approve(dpoB, requestId)).status).toBe(404);
    expect((await stored(requestId)).map((e) => e.data.reason)).toEqual(['not-found']);
  });
});

describe('the audit trail', () => {
  it('every decision in the store, refusals included, reached the treatment topic', async () => {
    const { rows } = await db.pool.query<{ event_id: string }>("SELECT event_id FROM events WHERE stream_id LIKE 'reidentification-%'");
    const storedIds = rows.map((r) => r.event_id).sort();
    const published = await eventually(
      async () => (await readAllMessages(requireEnv('KAFKA_BROKERS').split(','), [TOPICS.reidentification])).map((m) => m.headers['event-id']),
      (ids) => storedIds.every((id) => ids.includes(id)),
      30_000,
      'every stored re-identification event on the topic',
    );
    expect(storedIds.filter((id) => !published.includes(id))).toEqual([]);
    expect(storedIds.length).toBeGreaterThanOrEqual(17);
  });
});
