import { randomUUID } from 'node:crypto';
import type { Admin } from 'kafkajs';
import type { PoolClient } from 'pg';
import {
  assertValidEvent,
  contractOf,
  isResearchProjectId,
  topicOf,
  type ConsentGranted,
  type ConsentWithdrawn,
  type PatientErased,
  type QuestionnaireResponseAccepted,
  type QuestionnaireResponseEnteredInError,
  type QuestionnaireResponseScored,
  type ResearchProjectRegistered,
} from '@hub/contracts';
import { appendToStream, streamVersion } from '@hub/event-store';
import { assertPublishable, traceMetadata, type Logger } from '@hub/messaging';
import { validationError } from '@hub/service-kit/errors';
import type { KeyStoreDomains } from '../domains/key-store-domains';
import { researchDomain } from '../domains/pseudonym-domains';
import { birthDateOf, unitFactsOf } from '../facts/patient-facts';
import { canCreateRoles, deleteRecords, ensureReaderRole, ensureReadSchema, readerRoleOf, readSchemaOf, setScores, upsertRecord } from './research-read-model';
import { danishDayOf, researchStreamId, toResearchRecordReleased, toResearchRecordsRetracted, toResearchScoresReleased, type ResearchRecord } from './research-record';
import { ensureProjectTopic } from './research-topic';
import * as tables from './research.tables';

export interface ResearchDoorDeps {
  domains: KeyStoreDomains;
  admin: Admin;
  logger: Logger;
}

/**
 * The only door from treatment data to research projects. Every method runs inside the consumer's transaction
 * (inbox row, state and offset commit together), so each effect happens once even when a message is replayed.
 * A project gets a record only while the patient's consent to it is active, in the project's own pseudonym
 * domain; a withdrawal or erasure retracts, on the same stream, everything the project got.
 */
export class ResearchDoor {
  constructor(private readonly deps: ResearchDoorDeps) {}

  /** Topic, read schema and (when this database user may) reader role; refused for an id that is not a slug. */
  async registerProject(tx: PoolClient, data: ResearchProjectRegistered): Promise<void> {
    const { projectId } = data;
    if (!isResearchProjectId(projectId)) throw validationError(`research project id ${JSON.stringify(projectId)} is not 1-40 lower-case letters, digits or inner hyphens`);
    const topic = await ensureProjectTopic(this.deps.admin, projectId);
    const readSchema = readSchemaOf(projectId);
    await ensureReadSchema(tx, readSchema);
    let readerRole: string | null = readerRoleOf(projectId);
    if (await canCreateRoles(tx)) await ensureReaderRole(tx, readSchema, readerRole);
    else {
      this.deps.logger.warn({ projectId, readSchema, readerRole }, 'this database user may not create roles (NOCREATEROLE): the project read schema exists without its reader role; an administrator can create it and grant USAGE on the schema and SELECT on its records table');
      readerRole = null;
    }
    await tables.insertProject(tx, { projectId, topic, readSchema, readerRole }, data.registeredAt);
    this.deps.logger.info({ projectId, topic, readSchema, readerRole }, 'research project ready: topic, read schema and reader role');
  }

  async grant(tx: PoolClient, eventId: string, data: ConsentGranted): Promise<void> {
    if (data.purpose !== 'research') return;
    const projectId = await this.checkedProject(tx, eventId, 'ConsentGranted', data.projectId);
    if (!projectId) return;
    await tables.recordConsent(tx, projectId, data.patientId, data.grantedAt);
  }

  async withdraw(tx: PoolClient, eventId: string, data: ConsentWithdrawn): Promise<void> {
    if (data.purpose !== 'research') return;
    const projectId = await this.checkedProject(tx, eventId, 'ConsentWithdrawn', data.projectId);
    if (!projectId) return;
    await tables.endConsent(tx, projectId, data.patientId);
    const project = await tables.findProject(tx, projectId);
    const patient = project && (await this.deps.domains.find(tx, researchDomain(projectId), data.patientId));
    const released = await tables.dropReleases(tx, { patientId: data.patientId, projectId });
    if (!project || !patient || released === 0) return;
    await this.append(tx, toResearchRecordsRetracted(projectId, patient, 'consent-withdrawn', danishDayOf(data.withdrawnAt), randomUUID()));
    await deleteRecords(tx, project.readSchema, patient.pseudonym);
    this.deps.logger.info({ projectId, pseudonym: patient.pseudonym, records: released }, 'research consent withdrawn: records retracted');
  }

  /** An accepted (or amended) response goes to every registered project the patient consented to before it arrived. */
  async release(tx: PoolClient, data: QuestionnaireResponseAccepted): Promise<void> {
    const projects = await tables.projectsConsentedAt(tx, data.patientId, data.receivedAt);
    if (projects.length === 0) return;
    const facts = { unit: await unitFactsOf(tx, data.unitSor), birthDate: await birthDateOf(tx, data.patientId) };
    for (const project of projects) {
      const patient = await this.deps.domains.enter(tx, researchDomain(project.projectId), data.patientId);
      const record = toResearchRecordReleased(project.projectId, patient, data, facts, randomUUID());
      await this.append(tx, record);
      await tables.recordRelease(tx, project.projectId, data.responseId, data.patientId);
      await upsertRecord(tx, project.readSchema, record.data);
      this.deps.logger.info({ projectId: project.projectId, pseudonym: patient.pseudonym, recordRef: record.data.recordRef }, 'research record released');
    }
  }

  /** Scores follow their response into the projects that hold it. */
  async releaseScores(tx: PoolClient, data: QuestionnaireResponseScored): Promise<void> {
    for (const holder of await tables.projectsHolding(tx, data.responseId)) {
      const patient = await this.deps.domains.find(tx, researchDomain(holder.projectId), holder.patientId);
      if (!patient) continue;
      const record = toResearchScoresReleased(holder.projectId, patient, data, randomUUID());
      await this.append(tx, record);
      await setScores(tx, holder.readSchema, record.data);
    }
  }

  async retractEnteredInError(tx: PoolClient, data: QuestionnaireResponseEnteredInError): Promise<void> {
    for (const holder of await tables.projectsHolding(tx, data.responseId)) {
      const patient = await this.deps.domains.find(tx, researchDomain(holder.projectId), holder.patientId);
      if (!patient) continue;
      const record = toResearchRecordsRetracted(holder.projectId, patient, 'entered-in-error', danishDayOf(data.markedAt), randomUUID(), data.responseId);
      await this.append(tx, record);
      await deleteRecords(tx, holder.readSchema, patient.pseudonym, record.data.recordRef);
    }
    await tables.dropReleases(tx, { responseId: data.responseId });
  }

  /**
   * Erasure: a retraction in every project the patient was in, then crypto-shredding of the patient's entries
   * in all research domains (see KeyStoreDomains.forget), and their consents and releases.
   */
  async erase(tx: PoolClient, data: PatientErased): Promise<void> {
    const projects = await tables.projectsKnowing(tx, data.patientId);
    for (const project of projects) {
      const patient = (await this.deps.domains.find(tx, researchDomain(project.projectId), data.patientId))!;
      await this.append(tx, toResearchRecordsRetracted(project.projectId, patient, 'patient-erased', danishDayOf(data.erasedAt), randomUUID()));
      await deleteRecords(tx, project.readSchema, patient.pseudonym);
    }
    await tables.dropReleases(tx, { patientId: data.patientId });
    await tables.dropConsents(tx, data.patientId);
    const forgotten = await this.deps.domains.forget(tx, projects.map((p) => researchDomain(p.projectId)), data.patientId);
    if (projects.length > 0) this.deps.logger.info({ projects: projects.map((p) => p.projectId), registryEntriesDeleted: forgotten }, 'patient erased: research records retracted and pseudonym registry entries shredded');
  }

  /**
   * The project a consent event names, or undefined (logged, and counted once per event) when it names none.
   * A consent for a project not registered here yet is kept, and counted: the registration travels under
   * another key on the consent topic, so it may be consumed after the consent. Nothing flows to a project
   * until it is registered, as records go only to registered projects.
   */
  private async checkedProject(tx: PoolClient, eventId: string, type: string, projectId: string | undefined): Promise<string | undefined> {
    const problem = !projectId ? 'no-project' : !isResearchProjectId(projectId) ? 'invalid-project-id' : !(await tables.findProject(tx, projectId)) ? 'project-not-registered' : undefined;
    if (problem) {
      await tables.recordConsentAnomaly(tx, eventId, type, projectId, problem);
      this.deps.logger.warn({ eventId, type, projectId, problem }, 'research consent event for an unknown project');
    }
    return problem === 'no-project' || problem === 'invalid-project-id' ? undefined : projectId;
  }

  /** Appends to the patient's stream in the project; checked here so a bad record is dead-lettered, not relayed. */
  private async append(tx: PoolClient, record: ResearchRecord): Promise<void> {
    const { schemaVersion } = contractOf(record.type);
    assertValidEvent(record.type, schemaVersion, record.data);
    assertPublishable(topicOf(record.type, record.data), record.data);
    const streamId = researchStreamId(record.data.projectId, record.data.pseudonym);
    await appendToStream(tx, streamId, await streamVersion(tx, streamId), [{ eventId: randomUUID(), type: record.type, schemaVersion, data: record.data, metadata: traceMetadata() }]);
  }
}
