// Loaded once per worker into the reusable workflow context (Temporal's
// `preloadModules`), so every workflow run shares one evaluated copy of these
// modules instead of evaluating them again for each run (docs/decisions.md,
// "Agents SDK shared across workflows"). What they keep per run is keyed by
// run id or by the run's own objects, or lives on the run's `globalThis`.
export * as agentsCore from '@openai/agents-core';
export * as zod from 'zod';
// This package's workflow entry and interceptors: the same files workflow code
// and Temporal's interceptor loader import, so they resolve to these copies.
export * as workflowApi from '../workflow.js';
export * as interceptors from './interceptors.js';
