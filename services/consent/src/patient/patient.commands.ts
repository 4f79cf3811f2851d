import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { ErasureReason, Purpose } from '@hub/contracts';
import { upcastEvent } from '@hub/contracts';
import { applySchema, readStreamUpcast } from '@hub/event-store';
import { notFound, POOL } from '@hub/service-kit';
import { personalDataCodec, SUBJECT_KEYS, type SubjectKeys } from '@hub/subject-keys';
import { runCommand } from '../consent-store';
import { findProject } from '../project/project.commands';
import { cprProblems, parseCpr } from './cpr';
import { patientDecider, type PatientCommand, type PatientState } from './patient.decider';
import type { PatientEvent } from './patient.events';
import { PATIENT_PERSONAL_DATA, patientStreamId } from './patient.events';
import { erasePatient } from './patient.erasure';
import { findPatientIdByCpr, indexPatient, PATIENT_INDEX_DDL } from './patient.index';

export interface ConsentChange {
  purpose: Purpose;
  projectId?: string;
  textVersion?: string;
}

/** The consent service's command side for patients: thin glue between HTTP, the decider and the store. */
@Injectable()
export class PatientCommands implements OnModuleInit {
  private readonly codec;

  constructor(
    @Inject(POOL) private readonly pool: Pool,
    @Inject(SUBJECT_KEYS) private readonly keys: SubjectKeys,
  ) {
    // The store and Kafka only ever see the CPR as an envelope; the decider and the index see it in clear.
    this.codec = personalDataCodec(keys, PATIENT_PERSONAL_DATA);
  }

  async onModuleInit(): Promise<void> {
    await applySchema(this.pool, PATIENT_INDEX_DDL);
  }

  private run(patientId: string, command: PatientCommand) {
    const index = async (tx: PoolClient, events: PatientEvent[]) => {
      for (const e of events) if (e.type === 'PatientRegistered' && typeof e.data.cpr === 'string') await indexPatient(tx, e.data.cpr, e.data.patientId);
    };
    return runCommand<PatientCommand, PatientState, PatientEvent>(this.pool, patientStreamId(patientId), patientDecider, command, index, this.codec);
  }

  /**
   * Erases the patient's personal data: destroys the patient's data keys (every CPR envelope becomes
   * unreadable), deletes the clear CPR index row and appends PatientErased, all in one transaction.
   */
  erase(patientId: string, reason: ErasureReason, at: string): Promise<{ erased: boolean }> {
    return erasePatient(this.pool, this.keys, patientId, reason, at);
  }

  /** Registers a patient, or returns the existing id for a CPR number already known. */
  async register(cpr: string, at: string): Promise<{ patientId: string; created: boolean }> {
    const normalised = cprProblems(cpr).length === 0 ? parseCpr(cpr)!.normalised : cpr;
    const existing = await findPatientIdByCpr(this.pool, normalised);
    if (existing) return { patientId: existing, created: false };
    const patientId = randomUUID();
    await this.run(patientId, { type: 'RegisterPatient', patientId, cpr, at });
    return { patientId, created: true };
  }

  async grantConsent(patientId: string, change: ConsentChange, at: string): Promise<{ created: boolean }> {
    const project = change.purpose === 'research' && change.projectId ? await findProject(this.pool, change.projectId) : undefined;
    const result = await this.run(patientId, { type: 'GrantConsent', patientId, ...change, project, at });
    return { created: result.events.length > 0 };
  }

  async withdrawConsent(patientId: string, change: Omit<ConsentChange, 'textVersion'>, at: string): Promise<void> {
    await this.run(patientId, { type: 'WithdrawConsent', patientId, purpose: change.purpose, projectId: change.projectId, at });
  }

  /** The patient's active consents and stream version, without the CPR number. */
  async describe(patientId: string): Promise<{ patientId: string; consents: string[]; erased: boolean; version: number }> {
    const events = await readStreamUpcast(this.pool, patientStreamId(patientId), upcastEvent);
    if (events.length === 0) throw notFound(`patient ${patientId} is not registered`);
    const state = events.map((e) => ({ type: e.type, data: e.data }) as PatientEvent).reduce(patientDecider.evolve, patientDecider.initialState());
    return { patientId, consents: state.consents, erased: state.erased, version: events.length };
  }
}
