// The workflows the benchmark bundles: the research pipeline as it is. Sandbox-safe.
export { ResearchWorkflow } from '../examples/research/workflow.js';
