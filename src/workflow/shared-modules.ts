// Loaded once per worker into the reusable workflow context (Temporal's
// `preloadModules`), so every workflow shares one evaluated copy of these
// packages instead of evaluating them again for each run.
export * as agentsCore from '@openai/agents-core';
export * as zod from 'zod';
