/**
 * Hooks: what happens after a flow (ending sessions, a notice, a binding), registered on that flow by the
 * composition root instead of called from inside each way of doing it. They run in the order they were
 * registered; a hook that must not fail the flow (a best-effort notice) catches its own errors.
 */
export type Hook<Event> = (event: Event) => Promise<void>;

export type FlowHooks<Event> = {
  register(hook: Hook<Event>): void;
  run(event: Event): Promise<void>;
};

export function flowHooks<Event>(): FlowHooks<Event> {
  const hooks: Hook<Event>[] = [];
  return {
    register(hook) {
      hooks.push(hook);
    },
    async run(event) {
      for (const hook of hooks) await hook(event);
    },
  };
}
