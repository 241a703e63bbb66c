// The agents the service's worker runs by id. Sandbox-safe: loaded by the
// worker's workflows module, so registration happens in every run's sandbox.
import { Agent } from '@openai/agents-core';
import { z } from 'zod';
import { activityTool, registerAgent } from '../../src/workflow.js';
import { researchPipeline } from '../research/pipeline.js';
import { DEFAULT_RESEARCH_MODEL, type ResearchInput } from '../research/shared.js';

/** The research pipeline, run by id: its plan review becomes an approval request. */
registerAgent('research', {
  description: 'Plans web searches for a query, runs them in parallel and writes a report.',
  maxIterations: 60,
  run: (ctx) => {
    const input: ResearchInput =
      typeof ctx.request.input === 'string'
        ? { query: ctx.request.input }
        : (ctx.request.input as ResearchInput);
    return researchPipeline(input, {
      runAgent: (agent, text) => ctx.runAgent(agent, text),
      onStage: (stage) => ctx.report(`stage: ${stage}`),
      review: async (plan) => {
        const d = await ctx.requestApproval('search plan', plan);
        return d.approved
          ? { action: 'approve', reviewer: d.approver }
          : { action: 'reject', reason: d.reason ?? 'rejected', reviewer: d.approver };
      },
    });
  },
});

/** A support agent whose refund tool waits for a person's approval before each call. */
registerAgent('support', {
  description: 'Answers order questions; refunds need approval.',
  agent: (request) =>
    new Agent({
      name: 'SupportAgent',
      model: DEFAULT_RESEARCH_MODEL,
      instructions:
        `You are a customer-support agent for project ${request.projectId}. Use issueRefund to refund an ` +
        'order when asked, lookupOrder to read one; then tell the customer what happened.',
      tools: [
        activityTool({
          name: 'issueRefund',
          description: 'Refund an order in full.',
          parameters: z.object({ orderId: z.string(), reason: z.string() }),
          activity: 'issueRefund',
          needsApproval: true,
        }),
        activityTool({
          name: 'lookupOrder',
          description: 'Read an order: its items, total and status.',
          parameters: z.object({ orderId: z.string() }),
          activity: 'lookupOrder',
        }),
      ],
    }),
});
