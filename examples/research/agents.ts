// The three agents of the research pipeline. Sandbox-safe.
import { Agent } from '@openai/agents-core';
import { z } from 'zod';
import { activityTool } from '../../src/workflow.js';
import { MAX_SEARCHES, MIN_SEARCHES, type ResearchModels } from './shared.js';

export const searchPlanSchema = z.object({
  searches: z
    .array(
      z.object({ reason: z.string().describe('Why this search helps answer the query.'), query: z.string() }),
    )
    .min(MIN_SEARCHES)
    .max(MAX_SEARCHES),
});

export const reportSchema = z.object({
  short_summary: z.string().describe('A 2-3 sentence summary of the findings.'),
  markdown_report: z.string().describe('The full report in markdown.'),
  follow_up_questions: z.array(z.string()).describe('Suggested topics to research further.'),
});

/** Builds the planner, search and writer agents: `model` for each, unless `models` names another. */
export function researchAgents(model: string, models: ResearchModels = {}) {
  const planner = new Agent({
    name: 'PlannerAgent',
    model: models.planner ?? model,
    instructions:
      `You are a research planner. Given a query, list between ${MIN_SEARCHES} and ${MAX_SEARCHES} web searches ` +
      'that together answer it, each with the reason it helps.',
    outputType: searchPlanSchema,
  });

  const webSearch = activityTool({
    name: 'webSearch',
    description: 'Search the web for a term and return the top results as text.',
    parameters: z.object({ query: z.string().describe('The search term.') }),
    activity: 'webSearch',
  });

  const searcher = new Agent({
    name: 'SearchAgent',
    model: models.searcher ?? model,
    instructions:
      'You are a research assistant. Search for the given term with the webSearch tool, then write a concise ' +
      'summary (2-3 paragraphs, under 300 words) of what the results say. Capture the main points only.',
    tools: [webSearch],
  });

  const writer = new Agent({
    name: 'WriterAgent',
    model: models.writer ?? model,
    instructions:
      'You are a senior researcher. Given a query and summaries of searches about it, write a cohesive report: ' +
      'a short summary, a detailed markdown report, and follow-up questions.',
    outputType: reportSchema,
  });

  return { planner, searcher, writer };
}
