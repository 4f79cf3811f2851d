/**
 * End-to-end capacity of the whole machine: the five services run as processes on this machine's real Kafka
 * and Postgres, and patients' journeys (register, consent, dispatch, answer) arrive at a stepped offered rate
 * (open loop: a journey starts on schedule whether or not earlier ones finished). A step keeps up when every
 * journey is accepted and the response-rate indicator has counted every answer at most 10 s after the step
 * ended (the output lags the offered load by no more than that); the figure is the events/s written across all five event stores at the highest step that
 * kept up. The reference is the same machine's HTTP-only acceptance rate: closed-loop POST /patients (one
 * event each) with nothing downstream asked of it, the most events/s the HTTP front accepts.
 */
import type { Benchmark, BenchContext } from './bench-row';
import { secondsSince, sleep, throughput } from './measure';
import { countedAnswers, cprSequence, newUnitSor, patientJourney, requestAs, startAllServices, stopAllServices, totalEvents, type Services } from './walking-skeleton';

interface StepResult {
  rate: number;
  journeys: number;
  accepted: number;
  counted: number;
  seconds: number;
  eventsPerSecond: number;
  keptUp: boolean;
}

/** Waits until the indicator has counted `n` answers for `unit`, or the deadline; returns the count reached. */
async function awaitCounted(services: Services, unit: string, n: number, deadline: number): Promise<number> {
  let counted = 0;
  while (counted < n && performance.now() < deadline) {
    counted = await countedAnswers(services, unit);
    if (counted < n) await sleep(100);
  }
  return counted;
}

/** One load step: `rate` journeys/s for `stepMs`, then at most `drainMs` for the indicator to catch up. */
async function runStep(services: Services, nextCpr: () => string, rate: number, stepMs: number, drainMs: number): Promise<StepResult> {
  const unit = newUnitSor();
  const journeys = Math.max(1, Math.round((rate * stepMs) / 1000));
  const eventsBefore = await totalEvents();
  const t0 = performance.now();
  const deadline = t0 + stepMs + drainMs;
  const pending: Promise<boolean>[] = [];
  for (let i = 0; i < journeys; i++) {
    await sleep(t0 + (i * 1000) / rate - performance.now());
    pending.push(patientJourney(services, nextCpr(), unit, stepMs + drainMs).then(() => true, () => false));
  }
  const accepted = (await Promise.all(pending)).filter(Boolean).length;
  const counted = await awaitCounted(services, unit, journeys, deadline);
  const seconds = secondsSince(t0);
  const eventsPerSecond = ((await totalEvents()) - eventsBefore) / seconds;
  return { rate, journeys, accepted, counted, seconds, eventsPerSecond, keptUp: accepted === journeys && counted === journeys };
}

export const benchEndToEnd: Benchmark = async (ctx: BenchContext) => {
  // Smoke: one gentle step, with a generous drain budget for a busy CI machine; full: double until it lags.
  const plan = ctx.smoke
    ? { referenceMs: 1_500, stepMs: 2_000, drainMs: 20_000, rates: [2] }
    : { referenceMs: 10_000, stepMs: 10_000, drainMs: 10_000, rates: [1, 2, 4, 8, 16, 32, 64] };
  const nextCpr = cprSequence();
  ctx.log('end to end: starting the five services');
  const services = await startAllServices();
  try {
    // Warm-up and proof that the pipeline works at all: if three journeys never reach the indicator, the
    // benchmark cannot run, which is a failure (not a missed goal).
    const warm = await runStep(services, nextCpr, 3, 1_000, 60_000);
    if (!warm.keptUp) throw new Error(`warm-up: ${warm.accepted}/3 journeys accepted, ${warm.counted}/3 counted by the indicator`);
    const registrar = { role: 'clinician', org: newUnitSor() } as const;
    const reference = await throughput(16, plan.referenceMs, async () => {
      const r = await requestAs(registrar, 'POST', `${services.consent.url}/patients`, { cpr: nextCpr() });
      return r.status === 201 ? 1 : 0;
    });
    ctx.log(`end to end: HTTP-only acceptance ${reference.toFixed(0)} events/s`);
    let sustained: StepResult | undefined;
    for (const rate of plan.rates) {
      const step = await runStep(services, nextCpr, rate, plan.stepMs, plan.drainMs);
      ctx.log(
        `end to end: ${rate} journeys/s offered: ${step.accepted}/${step.journeys} accepted, ${step.counted} counted in ${step.seconds.toFixed(1)} s, ` +
          `${step.eventsPerSecond.toFixed(0)} events/s${step.keptUp ? '' : ' (lagging)'}`,
      );
      if (!step.keptUp) break;
      sustained = step;
    }
    return [
      {
        figure: `end to end, sustained (${sustained?.rate ?? 0} journeys/s)`,
        unit: 'events/s',
        ours: sustained?.eventsPerSecond ?? 0,
        reference: 'HTTP-only acceptance, same machine',
        theirs: reference,
      },
    ];
  } finally {
    await stopAllServices(services);
  }
};
