/**
 * A pure aggregate: `decide` turns a command and the current state into events (or throws a DomainError),
 * `evolve` folds an event into state. No clock, ids or I/O: those arrive in the command.
 */
export interface Decider<Command, State, Event extends DomainEvent> {
  initialState: () => State;
  decide: (command: Command, state: State) => Event[];
  evolve: (state: State, event: Event) => State;
}

/** The domain's view of an event: what happened, without storage details. */
export interface DomainEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
}

export function foldEvents<S, E extends DomainEvent>(decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve'>, events: E[]): S {
  return events.reduce(decider.evolve, decider.initialState());
}
