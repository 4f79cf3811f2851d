import type { BlockTarget } from '@hub/contracts';
import type { OutcomeIssue } from '@hub/service-kit/errors';
import { PROJECT_POLICY_PREFIX, SCOPE_SYSTEM, TARGET_SYSTEM } from './consent-fhir.codes';

/** What an imported Consent asks the hub to do. */
export type ConsentImport =
  | { kind: 'grant-research'; patientId: string; projectId: string; textVersion: string }
  | { kind: 'withdraw-research'; patientId: string; projectId: string }
  | { kind: 'block'; patientId: string; target: BlockTarget; validFrom?: string; validTo?: string; dataFrom?: string; dataTo?: string };

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const issue = (expression: string, diagnostics: string, code = 'invalid'): OutcomeIssue => ({ severity: 'error', code, diagnostics, expression: [expression] });

function patientOf(c: Json, issues: OutcomeIssue[]): string {
  const ref = obj(c.patient)?.reference;
  const m = typeof ref === 'string' ? /^Patient\/([0-9a-f-]{36})$/i.exec(ref) : null;
  if (!m) issues.push(issue('Consent.patient.reference', 'patient must reference Patient/<internal patient id> (never a CPR number)'));
  return m?.[1].toLowerCase() ?? '';
}

function scopeOf(c: Json): string | undefined {
  const coding = (obj(c.scope)?.coding as Json[] | undefined)?.find((x) => obj(x)?.system === SCOPE_SYSTEM);
  return typeof coding?.code === 'string' ? coding.code : undefined;
}

function researchOf(c: Json, patientId: string, issues: OutcomeIssue[]): ConsentImport | undefined {
  const uri = (c.policy as Json[] | undefined)?.map((p) => obj(p)?.uri).find((u) => typeof u === 'string' && u.startsWith(PROJECT_POLICY_PREFIX)) as string | undefined;
  const [projectId, textVersion] = (uri?.slice(PROJECT_POLICY_PREFIX.length) ?? '').split('|');
  if (!projectId) issues.push(issue('Consent.policy', `a research consent names its project as policy.uri ${PROJECT_POLICY_PREFIX}<project>|<text version>`));
  if (c.status === 'inactive') return { kind: 'withdraw-research', patientId, projectId };
  if (c.status !== 'active') issues.push(issue('Consent.status', 'status must be active (grant) or inactive (withdrawal)'));
  if (!textVersion) issues.push(issue('Consent.policy', 'a research consent names the consent text version after a bar: ...|<version>'));
  return { kind: 'grant-research', patientId, projectId, textVersion };
}

function blockOf(c: Json, patientId: string, issues: OutcomeIssue[]): ConsentImport | undefined {
  const provision = obj(c.provision) ?? {};
  if (c.status !== 'active') issues.push(issue('Consent.status', 'a block is imported as an active Consent'));
  if (provision.type !== 'deny') issues.push(issue('Consent.provision.type', 'a block (patient-privacy) is a deny provision'));
  const identifier = obj(obj(obj((provision.actor as unknown[] | undefined)?.[0])?.reference)?.identifier);
  const kind = (Object.keys(TARGET_SYSTEM) as BlockTarget['kind'][]).find((k) => TARGET_SYSTEM[k] === identifier?.system);
  if (!kind || typeof identifier?.value !== 'string') issues.push(issue('Consent.provision.actor[0].reference.identifier', `the blocked party is an identifier in ${Object.values(TARGET_SYSTEM).join(', ')}`));
  const p = obj(provision.period) ?? {};
  const d = obj(provision.dataPeriod) ?? {};
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { kind: 'block', patientId, target: { kind: kind ?? 'unit', value: String(identifier?.value ?? '') }, validFrom: text(p.start), validTo: text(p.end), dataFrom: text(d.start), dataTo: text(d.end) };
}

/** Reads an R4 Consent into one hub action, or lists every issue that prevents it. */
export function fromFhirConsent(body: unknown): { action?: ConsentImport; issues: OutcomeIssue[] } {
  const c = obj(body);
  if (!c || c.resourceType !== 'Consent') return { issues: [issue('resourceType', 'the body must be a FHIR R4 Consent resource', 'structure')] };
  const issues: OutcomeIssue[] = [];
  const patientId = patientOf(c, issues);
  const scope = scopeOf(c);
  let action: ConsentImport | undefined;
  if (scope === 'research') action = researchOf(c, patientId, issues);
  else if (scope === 'patient-privacy') action = blockOf(c, patientId, issues);
  else issues.push(issue('Consent.scope', `scope must be research or patient-privacy (${SCOPE_SYSTEM}); treatment sharing needs no consent and quality reporting is mandated`));
  return issues.length > 0 ? { issues } : { action, issues };
}
