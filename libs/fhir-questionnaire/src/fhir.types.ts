// Minimal FHIR R4 shapes for Questionnaire and QuestionnaireResponse: only the elements this library reads.
// Responses arrive as untrusted JSON, so the walkers still check every field's runtime type.

export interface Extension {
  url: string;
  extension?: Extension[];
  [valueX: `value${string}`]: unknown;
}

export interface Coding {
  system?: string;
  version?: string;
  code?: string;
  display?: string;
}

export interface Quantity {
  value?: number;
  comparator?: '<' | '<=' | '>=' | '>';
  unit?: string;
  system?: string;
  code?: string;
}

export interface Attachment {
  contentType?: string;
  data?: string;
  url?: string;
  size?: number;
  title?: string;
}

export interface Reference {
  reference?: string;
  type?: string;
  display?: string;
}

export interface Period {
  start?: string;
  end?: string;
}

/** The value[x] choices an answer (and answerOption, initial, enableWhen.answer) may carry in R4. */
export interface AnswerValue {
  valueBoolean?: boolean;
  valueDecimal?: number;
  valueInteger?: number;
  valueDate?: string;
  valueDateTime?: string;
  valueTime?: string;
  valueString?: string;
  valueUri?: string;
  valueAttachment?: Attachment;
  valueCoding?: Coding;
  valueQuantity?: Quantity;
  valueReference?: Reference;
}

/** R4 item types; 'question' is abstract and may not be used on an item. */
export type QuestionnaireItemType =
  | 'group'
  | 'display'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'date'
  | 'dateTime'
  | 'time'
  | 'string'
  | 'text'
  | 'url'
  | 'choice'
  | 'open-choice'
  | 'attachment'
  | 'reference'
  | 'quantity';

export type EnableWhenOperator = 'exists' | '=' | '!=' | '>' | '<' | '>=' | '<=';

export interface QuestionnaireEnableWhen {
  question: string;
  operator: EnableWhenOperator;
  answerBoolean?: boolean;
  answerDecimal?: number;
  answerInteger?: number;
  answerDate?: string;
  answerDateTime?: string;
  answerTime?: string;
  answerString?: string;
  answerCoding?: Coding;
  answerQuantity?: Quantity;
  answerReference?: Reference;
}

export interface QuestionnaireAnswerOption
  extends Pick<AnswerValue, 'valueInteger' | 'valueDate' | 'valueTime' | 'valueString' | 'valueCoding' | 'valueReference'> {
  initialSelected?: boolean;
}

export type QuestionnaireInitial = AnswerValue;

export interface QuestionnaireItem {
  linkId: string;
  // Typed loosely on purpose: stored questionnaires may carry a bad type, and we must report it, not crash.
  type: QuestionnaireItemType | (string & {});
  text?: string;
  extension?: Extension[];
  enableWhen?: QuestionnaireEnableWhen[];
  enableBehavior?: 'all' | 'any';
  required?: boolean;
  repeats?: boolean;
  readOnly?: boolean;
  maxLength?: number;
  answerValueSet?: string;
  answerOption?: QuestionnaireAnswerOption[];
  initial?: QuestionnaireInitial[];
  item?: QuestionnaireItem[];
}

export interface Questionnaire {
  resourceType: 'Questionnaire';
  id?: string;
  url?: string;
  version?: string;
  status?: 'draft' | 'active' | 'retired' | 'unknown';
  effectivePeriod?: Period;
  extension?: Extension[];
  /** Contained resources; ValueSets here back answerValueSet references of the form "#id". */
  contained?: unknown[];
  item?: QuestionnaireItem[];
}

export type QuestionnaireResponseStatus = 'in-progress' | 'completed' | 'amended' | 'entered-in-error' | 'stopped';

export interface QuestionnaireResponseAnswer extends AnswerValue {
  item?: QuestionnaireResponseItem[];
}

export interface QuestionnaireResponseItem {
  linkId: string;
  text?: string;
  answer?: QuestionnaireResponseAnswer[];
  item?: QuestionnaireResponseItem[];
}

export interface QuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  id?: string;
  questionnaire?: string;
  status: QuestionnaireResponseStatus;
  authored?: string;
  item?: QuestionnaireResponseItem[];
}
