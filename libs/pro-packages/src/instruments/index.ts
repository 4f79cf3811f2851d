// The instruments every installation starts with, as data: a FHIR Questionnaire version and its package.
// Item texts are Danish (Questionnaire.language "da"); the English text rides along on `_text` (and
// `_display` for options) as the standard FHIR translation extension, so one resource serves both languages.
// Licensed instruments (EORTC QLQ-C30, EQ-5D) are deliberately absent.
import type { ProPackage } from '../package.types';
import esasRPackage from './esas-r.package.json';
import esasR from './esas-r.questionnaire.json';
import gad7Package from './gad-7.package.json';
import gad7 from './gad-7.questionnaire.json';
import painNrsPackage from './pain-nrs.package.json';
import painNrs from './pain-nrs.questionnaire.json';
import phq9Package from './phq-9.package.json';
import phq9 from './phq-9.questionnaire.json';
import who5Package from './who-5.package.json';
import who5 from './who-5.questionnaire.json';

/** A seeded instrument: the questionnaire version (a FHIR resource, untyped JSON) and its package. */
export interface Instrument {
  questionnaire: { resourceType: 'Questionnaire'; url: string; version: string; [key: string]: unknown };
  package: ProPackage;
}

const instrument = (questionnaire: unknown, pkg: unknown): Instrument => ({ questionnaire: questionnaire as Instrument['questionnaire'], package: pkg as ProPackage });

/** PHQ-9, GAD-7, WHO-5, pain NRS 0-10 and an ESAS-r-style symptom list, in that order. */
export const INSTRUMENTS: readonly Instrument[] = [
  instrument(phq9, phq9Package),
  instrument(gad7, gad7Package),
  instrument(who5, who5Package),
  instrument(painNrs, painNrsPackage),
  instrument(esasR, esasRPackage),
];

/** Finds a seeded instrument by package id; for tests and tools. */
export function instrumentById(id: string): Instrument {
  const found = INSTRUMENTS.find((i) => i.package.id === id);
  if (!found) throw new Error(`no seeded instrument ${id}`);
  return found;
}
