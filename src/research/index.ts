// Public surface of the research tools (re-exports only): hooks by checkpoint name, head pruning
// and masking, layer truncation, similarity attributions and attention rollout.
export { captureModules, hookCount, hookModule, hookObject, moduleAt, type Capture, type Hook, type HookContext, type HookHandle } from './hooks.js';
export { HeadMask, headCounts, pruneHeads, remainingHeads, setHeadMask } from './heads.js';
export { truncateLayers } from './truncate.js';
export {
  attentionRollout, attributeSimilarity, quadrature, similarityGradients,
  type AttentionRollout, type AttributionOptions, type Baseline, type IntegrationMethod, type SimilarityAttribution, type SimilarityGradients, type TokenScore,
} from './attributions.js';
