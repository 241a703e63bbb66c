// The user's workflows module: the research workflow, and the generic agent
// workflow with one agent registered by id, whose search tool needs approval.
import { Agent } from '@openai/agents-core';
import { z } from 'zod';
import { activityTool, registerAgent } from 'temporal-agents-otel/workflow';

export { agentRunWorkflow } from 'temporal-agents-otel/workflow';
export { ResearchWorkflow } from './workflow.js';

registerAgent('helper', {
  agent: () =>
    new Agent({
      name: 'HelperAgent',
      model: 'anthropic/claude-haiku-4-5',
      instructions: 'Search for the question with webSearch, then answer it.',
      tools: [
        activityTool({
          name: 'webSearch',
          description: 'Search the web.',
          parameters: z.object({ query: z.string() }),
          activity: 'webSearch',
          needsApproval: true,
        }),
      ],
    }),
});
