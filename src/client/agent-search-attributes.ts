// The agent search attributes a run is started with: those the namespace has
// registered (checked once), or all or none when the caller says so.
import type { Client } from '@temporalio/client';
import { defineSearchAttributeKey, type SearchAttributePair, SearchAttributeType } from '@temporalio/common';
import { AgentSearchAttribute as SA } from '../common/agent-run-wire.js';

/** Which of the agent search attributes a client sets and can list by. */
export class AgentSearchAttributes {
  private registered?: Promise<Set<string>>;

  constructor(
    private readonly client: Client,
    /** `auto` uses those the namespace has; `true` sets them all; `false` none. */
    private readonly mode: 'auto' | boolean = 'auto',
  ) {}

  /** The attributes to start a run with. */
  async forStart(identity: {
    projectId: string;
    agentId: string;
    agentVersion?: string;
  }): Promise<SearchAttributePair[]> {
    if (this.mode === false) return [];
    const have = this.mode === true ? undefined : await this.available();
    const values: [string, string | undefined][] = [
      [SA.PROJECT_ID, identity.projectId],
      [SA.AGENT_ID, identity.agentId],
      [SA.AGENT_VERSION, identity.agentVersion],
      [SA.STATUS, 'pending'],
    ];
    return values
      .filter(([name, value]) => value !== undefined && (!have || have.has(name)))
      .map(([name, value]) => ({
        key: defineSearchAttributeKey(name, SearchAttributeType.KEYWORD),
        value: value!,
      }));
  }

  /** Those of `names` the namespace lacks (all of them when the mode is `false`). */
  async missing(names: readonly string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const have = this.mode === false ? new Set<string>() : await this.available();
    return names.filter((n) => !have.has(n));
  }

  /** The namespace's custom search attributes, read once. */
  private available(): Promise<Set<string>> {
    this.registered ??= this.client.connection.operatorService
      .listSearchAttributes({ namespace: this.client.options.namespace })
      .then((r) => new Set(Object.keys(r.customAttributes ?? {})));
    return this.registered;
  }
}
