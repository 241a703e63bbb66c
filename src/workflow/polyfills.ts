// Globals @openai/agents-core expects from a browser-like runtime, missing in
// Temporal's workflow sandbox. The plugin's webpack hook loads this module
// before any workflow code, so import order in user files does not matter.
// Sandbox-safe and deterministic (no clock, no randomness).

type Listener = ((event: any) => void) | { handleEvent(event: any): void };

if (typeof globalThis.Event === 'undefined') {
  class SandboxEvent {
    readonly type: string;
    defaultPrevented = false;
    constructor(type: string) {
      this.type = type;
    }
    preventDefault(): void {
      this.defaultPrevented = true;
    }
  }
  (globalThis as any).Event = SandboxEvent;
}

if (typeof globalThis.CustomEvent === 'undefined') {
  class SandboxCustomEvent extends (globalThis as any).Event {
    readonly detail: unknown;
    constructor(type: string, init?: { detail?: unknown }) {
      super(type);
      this.detail = init?.detail;
    }
  }
  (globalThis as any).CustomEvent = SandboxCustomEvent;
}

if (typeof globalThis.EventTarget === 'undefined') {
  class SandboxEventTarget {
    private readonly listeners = new Map<string, Listener[]>();
    addEventListener(type: string, listener: Listener | null): void {
      if (!listener) return;
      const list = this.listeners.get(type) ?? [];
      if (!list.includes(listener)) list.push(listener);
      this.listeners.set(type, list);
    }
    removeEventListener(type: string, listener: Listener | null): void {
      const list = this.listeners.get(type);
      if (list && listener)
        this.listeners.set(
          type,
          list.filter((l) => l !== listener),
        );
    }
    dispatchEvent(event: { type: string; defaultPrevented?: boolean }): boolean {
      for (const listener of [...(this.listeners.get(event.type) ?? [])]) {
        if (typeof listener === 'function') listener.call(this, event);
        else listener.handleEvent(event);
      }
      return !event.defaultPrevented;
    }
  }
  (globalThis as any).EventTarget = SandboxEventTarget;
}

if (typeof globalThis.structuredClone === 'undefined') {
  // Agents state is plain JSON, so a JSON round trip is a faithful clone here.
  (globalThis as any).structuredClone = (value: unknown) =>
    value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

export {};
