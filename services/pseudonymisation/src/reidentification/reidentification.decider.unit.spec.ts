import fc from 'fast-check';
import type { ReidentificationActor, ReidentificationRefused } from '@hub/contracts';
import { foldEvents } from '@hub/event-store';
import { DomainError } from '@hub/service-kit/errors';
import { reidentificationDecider, type ApproveReidentification, type ReadIdentities, type ReidentificationCommand, type RequestReidentification } from './reidentification.decider';
import type { ReidentificationEvent } from './reidentification.events';

const requestId = 'a0000000-0000-4000-8000-000000000001';
const UNIT = '100000000000001';
const OTHER_UNIT = '200000000000002';
const at = '2026-11-01T10:00:00.000Z';
const hoursLater = (h: number) => new Date(Date.parse(at) + h * 3_600_000).toISOString();
const P1 = 'ABCDEFGHIJKLMNOP5';
const P2 = 'QRSTUVWXYZ234567A';

const clinician: ReidentificationActor = { subject: 'nurse-1', role: 'clinician', orgSor: UNIT };
const colleague: ReidentificationActor = { subject: 'doctor-2', role: 'clinician', orgSor: UNIT };
const elsewhere: ReidentificationActor = { subject: 'gp-3', role: 'clinician', orgSor: OTHER_UNIT };
const adminA: ReidentificationActor = { subject: 'dpo-a', role: 'administrator', orgSor: '900000000000009' };
const adminB: ReidentificationActor = { subject: 'dpo-b', role: 'administrator', orgSor: '900000000000009' };

const body = { purpose: 'adverse-event-follow-up', justification: 'medication-error', domain: 'quality', pseudonyms: [P1, P2] };
const ask: RequestReidentification = { type: 'RequestReidentification', requestId, actor: clinician, body, at };
const approveBy = (actor: ReidentificationActor, when = hoursLater(1)): ApproveReidentification => ({ type: 'ApproveReidentification', requestId, actor, at: when });
const readBy = (actor: ReidentificationActor, when = hoursLater(3), resolved: ReadIdentities['resolved'] = [{ pseudonym: P1, patientId: 'c0000000-0000-4000-8000-00000000000c' }, { pseudonym: P2 }]): ReadIdentities => ({
  type: 'ReadIdentities',
  requestId,
  actor,
  at: when,
  resolved,
});

/** Given events, when a command: the events it decides (each decision appended, as the handler does). */
const when = (given: ReidentificationEvent[], c: ReidentificationCommand) => reidentificationDecider.decide(c, foldEvents(reidentificationDecider, given));
/** Runs commands one after another on one stream, returning the whole history. */
const history = (...commands: ReidentificationCommand[]) => commands.reduce<ReidentificationEvent[]>((events, c) => [...events, ...when(events, c)], []);
const refusalIn = (events: ReidentificationEvent[]): ReidentificationRefused | undefined => {
  expect(events).toHaveLength(1);
  return events[0].type === 'ReidentificationRefused' ? events[0].data : undefined;
};

const requested = history(ask);
const approvedOnce = history(ask, approveBy(adminA));
const released = history(ask, approveBy(adminA), approveBy(adminB, hoursLater(2)));

describe('asking for re-identification', () => {
  it('records a coded request by a clinician, with 72 hours to collect approvals', () => {
    expect(requested).toEqual([
      {
        type: 'ReidentificationRequested',
        data: { requestId, purpose: 'adverse-event-follow-up', justification: 'medication-error', domain: 'quality', pseudonyms: [P1, P2], requester: clinician, requestedAt: at, approvalDeadline: hoursLater(72) },
      },
    ]);
  });

  it('refuses a request without purpose, and records the refusal with every problem', () => {
    const refusal = refusalIn(when([], { ...ask, body: { ...body, purpose: undefined, pseudonyms: [P1, 'not-a-pseudonym', P1] } }));
    expect(refusal).toMatchObject({ requestId, action: 'request', actor: clinician, reason: 'invalid-request', refusedAt: at });
    expect(refusal?.problems.map((p) => p.location)).toEqual(['purpose', 'pseudonyms[1]', 'pseudonyms[2]']);
  });

  it('refuses free text, an unknown domain, an empty list and more than 100 pseudonyms; no message repeats the input', () => {
    const cpr = '010190-1234';
    const refusal = refusalIn(when([], { ...ask, body: { ...body, domain: 'research:x', justification: cpr, note: `patient ${cpr}` } }));
    expect(refusal?.problems.map((p) => p.location ?? 'body')).toEqual(['justification', 'domain', 'body']);
    expect(JSON.stringify(refusal)).not.toContain(cpr);
    expect(refusalIn(when([], { ...ask, body: { ...body, pseudonyms: [] } }))?.problems[0].location).toBe('pseudonyms');
    expect(refusalIn(when([], { ...ask, body: { ...body, pseudonyms: Array.from({ length: 101 }, () => P1) } }))?.problems[0].location).toBe('pseudonyms');
    expect(refusalIn(when([], { ...ask, body: 'please' }))?.reason).toBe('invalid-request');
  });

  it('refuses (and records) a request by any role but clinician', () => {
    for (const actor of [adminA, { ...clinician, role: 'quality-database' as const }, { ...clinician, role: 'patient' as const }]) {
      expect(refusalIn(when([], { ...ask, actor }))).toMatchObject({ action: 'request', reason: 'wrong-role', actor });
    }
  });
});

describe('approving', () => {
  it('one approval is not enough: no release, and reading is refused as not approved', () => {
    expect(approvedOnce.map((e) => e.type)).toEqual(['ReidentificationRequested', 'ReidentificationApproved']);
    expect(refusalIn(when(approvedOnce, readBy(clinician)))).toMatchObject({ action: 'read-identities', reason: 'not-approved' });
  });

  it('the second approval by a different administrator releases the identities to the requesting unit for 24 hours', () => {
    expect(released.slice(2)).toEqual([
      { type: 'ReidentificationApproved', data: { requestId, approver: adminB, approvedAt: hoursLater(2) } },
      { type: 'ReidentificationReleased', data: { requestId, approvers: ['dpo-a', 'dpo-b'], releasedToSor: UNIT, releasedAt: hoursLater(2), validUntil: hoursLater(26) } },
    ]);
  });

  it('refuses self-approval, even when the requester holds an administrator token', () => {
    expect(refusalIn(when(requested, approveBy({ ...clinician, role: 'administrator' }))))?.toMatchObject({ action: 'approve', reason: 'self-approval' });
    expect(refusalIn(when(approvedOnce, approveBy(clinician)))?.reason).toBe('self-approval');
  });

  it('refuses the same approver twice: two approvals by one person release nothing', () => {
    const refusal = refusalIn(when(approvedOnce, approveBy(adminA, hoursLater(2))));
    expect(refusal).toMatchObject({ reason: 'already-approved', actor: adminA });
    expect(foldEvents(reidentificationDecider, [...approvedOnce, { type: 'ReidentificationRefused', data: refusal! }]).approvers).toEqual(['dpo-a']);
  });

  it('refuses approvers without the administrator role', () => {
    for (const actor of [colleague, elsewhere, { ...adminA, role: 'auditor' as const }]) expect(refusalIn(when(requested, approveBy(actor)))?.reason).toBe('wrong-role');
  });

  it('refuses approvals at or after the 72-hour deadline, so a late second approval releases nothing', () => {
    expect(refusalIn(when(approvedOnce, approveBy(adminB, hoursLater(72))))?.reason).toBe('approval-window-closed');
    expect(refusalIn(when(requested, approveBy(adminA, hoursLater(100))))?.reason).toBe('approval-window-closed');
    expect(when(approvedOnce, approveBy(adminB, hoursLater(71.9))).map((e) => e.type)).toEqual(['ReidentificationApproved', 'ReidentificationReleased']);
  });

  it('refuses a third approval once released, and approvals of a request that does not exist', () => {
    expect(refusalIn(when(released, approveBy({ ...adminA, subject: 'dpo-c' })))?.reason).toBe('already-released');
    expect(refusalIn(when([], approveBy(adminA)))?.reason).toBe('not-found');
  });
});

describe('reading the identities', () => {
  it('gives a clinician of the requesting unit each found patient, and lists the pseudonyms that named nobody', () => {
    expect(when(released, readBy(colleague))).toEqual([
      { type: 'ReidentificationIdentitiesRead', data: { requestId, reader: colleague, identities: [{ pseudonym: P1, patientId: 'c0000000-0000-4000-8000-00000000000c' }], notFound: [P2], readAt: hoursLater(3) } },
    ]);
  });

  it('refuses another unit, another role, and a read at or after the release expired', () => {
    expect(refusalIn(when(released, readBy(elsewhere)))?.reason).toBe('other-unit');
    expect(refusalIn(when(released, readBy(adminA)))?.reason).toBe('wrong-role');
    expect(refusalIn(when(released, readBy(clinician, hoursLater(26))))?.reason).toBe('release-expired');
    expect(refusalIn(when([], readBy(clinician)))?.reason).toBe('not-found');
  });

  it('a refused read carries no identities even when the handler had looked them up', () => {
    expect(JSON.stringify(when(approvedOnce, readBy(clinician)))).not.toContain('c0000000-0000-4000-8000-00000000000c');
  });

  it('asks the caller to retry when the release landed after the handler found nothing to look up', () => {
    try {
      const { resolved: _notLookedUp, ...unresolved } = readBy(clinician);
      when(released, unresolved);
      throw new Error('not refused');
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({ code: 'conflict', retriable: true });
    }
  });
});

describe('four eyes, whatever happens', () => {
  const actors: ReidentificationActor[] = [adminA, adminB, { ...adminA, subject: 'dpo-c' }, { ...clinician, role: 'administrator' }, clinician, colleague, { ...adminA, role: 'auditor' }];

  it('releases exactly when two different administrators, neither the requester, approved within 72 hours; every attempt is one decision', () => {
    const attempt = fc.record({ actor: fc.constantFrom(...actors), hours: fc.double({ min: 0, max: 100, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 8 }), (attempts) => {
        const sorted = [...attempts].sort((a, b) => a.hours - b.hours);
        let events = requested;
        for (const { actor, hours } of sorted) {
          const decided = when(events, approveBy(actor, hoursLater(hours)));
          // One decision per attempt: a refusal, an approval, or the approval that releases.
          expect(['ReidentificationRefused', 'ReidentificationApproved', 'ReidentificationApproved,ReidentificationReleased']).toContain(decided.map((e) => e.type).join());
          events = [...events, ...decided];
        }
        const eligible = [...new Set(sorted.filter((a) => a.actor.role === 'administrator' && a.actor.subject !== clinician.subject && a.hours < 72).map((a) => a.actor.subject))];
        const releases = events.filter((e) => e.type === 'ReidentificationReleased');
        expect(releases).toHaveLength(eligible.length >= 2 ? 1 : 0);
        if (releases.length === 1) expect(releases[0].data).toMatchObject({ approvers: eligible.slice(0, 2), releasedToSor: UNIT });
      }),
    );
  });
});
