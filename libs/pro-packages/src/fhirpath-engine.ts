// The one place the FHIRPath engine is called: expressions are compiled once against the R4 model and cached,
// because packages are few and their expressions are evaluated for every response.
import { compile } from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';

type Compiled = (resource: unknown, env?: Record<string, unknown>) => unknown[];

const cache = new Map<string, Compiled>();

/** Compiles (or fetches) an expression; throws the engine's parse error for a malformed one. */
export function compiled(expression: string): Compiled {
  let fn = cache.get(expression);
  if (!fn) {
    fn = compile(expression, r4) as Compiled;
    cache.set(expression, fn);
  }
  return fn;
}

/** Evaluates an expression with the resource as its root (`QuestionnaireResponse.…` or a bare path); `env` supplies %variables. */
export function evaluate(resource: unknown, expression: string, env: Record<string, unknown> = {}): unknown[] {
  return compiled(expression)(resource, env);
}

/** Why an expression does not parse, or undefined when it does. */
export function parseProblem(expression: string): string | undefined {
  try {
    compiled(expression);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** The answer values of every item with this linkId, however deeply nested (groups, answer.item). */
export const ANSWER_VALUES = 'repeat(item | answer.item).where(linkId = %linkId).answer.value';
