// Public cases from the FHIR validator's own test suite (FHIR/fhir-test-cases, validator/questionnaire).
// The verdict (valid or not) must match the reference validator's.
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { isValid, parseCanonical, validateQuestionnaireResponse, type Questionnaire } from './index';

interface ConformanceCase {
  name: string;
  response: string;
  questionnaires: string[];
  expectValid: boolean;
  referenceCounts: { fatalCount: number; errorCount: number; warningCount: number };
}

/** The shared cases sit beside the checkout (../shared from /work/main); a worktree is nested deeper, so look upwards. */
function findRoot(): string {
  for (let dir = path.resolve(__dirname, '../../..'); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared/conformance/fhir-questionnaire-response');
    if (existsSync(path.join(candidate, 'manifest.json'))) return candidate;
  }
  throw new Error('shared/conformance/fhir-questionnaire-response not found above the repository');
}

const root = findRoot();
const manifest = JSON.parse(readFileSync(path.join(root, 'manifest.json'), 'utf8')) as { cases: ConformanceCase[] };
const load = (file: string): unknown => JSON.parse(readFileSync(path.join(root, 'cases', file), 'utf8'));

/** Cases we deliberately do not decide, and why. Keep this short: every entry is a known gap. */
const outOfScope: Record<string, string> = {
  'choice-gender-coding-async-qr': 'needs a terminology server: membership of a coding in the item-type value set',
  'choice-invalid-value-set-async-qr': 'needs a terminology server: only it can tell the answerValueSet does not exist',
  'string-with-coding-async-qr': 'needs a terminology server: string answers checked against the jurisdiction value set',
};

/** The questionnaire a case resolves to: the one whose url the response names, or undefined if none is listed. */
function questionnaireFor(c: ConformanceCase): Questionnaire | undefined {
  const candidates = c.questionnaires.map((f) => load(f) as Questionnaire);
  const reference = (load(c.response) as { questionnaire?: string }).questionnaire ?? '';
  return candidates.length > 1 ? candidates.find((q) => q.url === parseCanonical(reference).url) : candidates[0];
}

describe('conformance: FHIR validator questionnaire cases', () => {
  it('has cases to run', () => {
    expect(manifest.cases.length).toBeGreaterThan(0);
  });

  for (const c of manifest.cases) {
    const reason = outOfScope[c.name];
    if (reason) {
      it.skip(`${c.name} (out of scope: ${reason})`, () => undefined);
      continue;
    }
    it(`${c.name} is ${c.expectValid ? 'valid' : 'invalid'}`, () => {
      const issues = validateQuestionnaireResponse(load(c.response), questionnaireFor(c));
      expect({ valid: isValid(issues), issues }).toMatchObject({ valid: c.expectValid });
    });
  }

  it('reports as many fatal+error issues as the reference validator', () => {
    const mismatches = manifest.cases
      .filter((c) => !outOfScope[c.name])
      .map((c) => {
        const issues = validateQuestionnaireResponse(load(c.response), questionnaireFor(c));
        const ours = issues.filter((i) => i.severity === 'fatal' || i.severity === 'error').length;
        return { name: c.name, ours, reference: c.referenceCounts.fatalCount + c.referenceCounts.errorCount };
      })
      .filter((r) => r.ours !== r.reference);
    expect(mismatches).toEqual([]);
  });
});
