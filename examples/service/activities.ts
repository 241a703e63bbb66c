// The support agent's tools (a stand-in order store) and the research
// activities, for the service's worker.
import type OpenAI from 'openai';
import { createEvalActivities } from '../../src/index.js';
import { createResearchActivities } from '../research/activities.js';

/** Orders the support agent's tools read and refund, in memory. */
const refunded = new Set<string>();

/** Every activity the service's worker registers. */
export function createServiceActivities(
  options: { openai?: OpenAI; env?: Record<string, string | undefined> } = {},
) {
  return {
    ...createResearchActivities(options),
    ...createEvalActivities({ env: options.env }),
    async lookupOrder({ orderId }: { orderId: string }): Promise<string> {
      return JSON.stringify({
        orderId,
        items: 2,
        totalUsd: 42.5,
        status: refunded.has(orderId) ? 'refunded' : 'paid',
      });
    },
    async issueRefund({ orderId, reason }: { orderId: string; reason: string }): Promise<string> {
      refunded.add(orderId);
      return `Refunded order ${orderId} in full (${reason}).`;
    },
  };
}
