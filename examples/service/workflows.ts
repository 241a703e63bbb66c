// The service worker's workflows: the generic agent workflow, with the agents
// registered in ./agents.ts, beside the research pipeline's own workflow type.
import './agents.js';

export { agentRunWorkflow, evalRunWorkflow } from '../../src/workflow.js';
export { ResearchWorkflow } from '../research/workflow.js';
