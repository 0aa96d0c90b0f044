// `sbert explain "text a" "text b"`: why two texts are similar, as a score per token of each text
// (src/research/attributions.ts): integrated gradients by default, gradient × input, or attention
// rollout.
import { ArgumentError } from '../../errors.js';
import { attentionRollout, attributeSimilarity, type IntegrationMethod, type TokenScore } from '../../research/attributions.js';
import { option, parseArgs } from '../args.js';
import type { Command } from '../command.js';
import { loadCliModel, MODEL_HELP, MODEL_SPEC } from './encode.js';

const METHODS = { ig: 'integrated_gradients', gxi: 'gradient_x_input', rollout: 'rollout' } as const;
const INTEGRATIONS: readonly IntegrationMethod[] = ['gausslegendre', 'riemann_trapezoid', 'riemann_middle', 'riemann_left', 'riemann_right'];

const HELP = `Usage: sbert explain [--model M] [--method ig|gxi|rollout] [--steps N] [--json] TEXT_A TEXT_B

Prints the similarity of the two texts and a score per token of each: how much that token's
input embedding contributes to the similarity.

  ig       integrated gradients over the input embeddings (default): the scores of both texts
           add up to similarity − baseline_similarity
  gxi      gradient × input: the gradient of the similarity times the input embedding
  rollout  attention rollout: how much the sentence embedding draws on each input token through
           the attention of every layer (not specific to the pair)

Options:
${MODEL_HELP}
  --method M       ig (default), gxi or rollout
  --steps N        ig: points on the path from the baseline (default 50)
  --integration I  ig: ${INTEGRATIONS.join(', ')} (default gausslegendre)
  --baseline B     ig: pad (default: the pad token's embedding at every position but the special
                   tokens) or zero (all-zero embeddings)
  --layers K       run only the encoder's first K layers
  --json           print {"similarity", "baseline_similarity", "tokens_a": [{"token", "score"}, ...], "tokens_b"}

Example:
  sbert explain "A man is playing a flute." "Someone plays a musical instrument."
`;

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ArgumentError(name, `must be a non-negative integer, got ${value}`);
  return n;
}

/** Tokens with their scores, one a line, with a bar scaled to the largest |score| of both texts. */
export function formatScores(title: string, tokens: readonly TokenScore[], scale: number): string {
  const w = Math.max(5, ...tokens.map((t) => t.token.length));
  const lines = tokens.map((t) => {
    const n = scale > 0 ? Math.round((Math.abs(t.score) / scale) * 20) : 0;
    return `  ${t.token.padEnd(w)} ${t.score.toFixed(4).padStart(8)} ${(t.score < 0 ? '-' : '+').repeat(n)}`;
  });
  return [title, ...lines].join('\n');
}

export const command: Command = {
  name: 'explain',
  summary: 'why two texts are similar: a score per token (integrated gradients, gradient x input, rollout)',
  help: HELP,
  async run(argv) {
    const args = parseArgs(argv, {
      ...MODEL_SPEC, json: { kind: 'flag' }, method: { kind: 'string' }, steps: { kind: 'string' },
      integration: { kind: 'string' }, baseline: { kind: 'string' }, layers: { kind: 'string' },
    });
    if (args.positional.length !== 2) throw new ArgumentError('TEXT', `needs exactly two texts, got ${args.positional.length} (see \`sbert explain --help\`)`);
    const [a, b] = args.positional as [string, string];
    const methodName = option(args, 'method', 'ig')!;
    const method = (METHODS as Record<string, string>)[methodName];
    if (method === undefined) throw new ArgumentError('--method', `must be ig, gxi or rollout, got ${methodName}`);
    const integration = option(args, 'integration', 'gausslegendre') as IntegrationMethod;
    if (!INTEGRATIONS.includes(integration)) throw new ArgumentError('--integration', `must be one of ${INTEGRATIONS.join(', ')}, got ${integration}`);
    const baseline = option(args, 'baseline', 'pad')!;
    if (baseline !== 'pad' && baseline !== 'zero') throw new ArgumentError('--baseline', `must be pad or zero, got ${baseline}`);
    const steps = positiveInt(option(args, 'steps'), '--steps', 50);
    const layers = option(args, 'layers');
    const model = await loadCliModel(args);
    try {
      if (layers !== undefined) model.truncateLayers(positiveInt(layers, '--layers', 0));
      let result: { similarity: number; baseline_similarity?: number; tokens_a: TokenScore[]; tokens_b: TokenScore[] };
      if (method === 'rollout') {
        const [ea, eb] = await model.encode([a, b]);
        const similarity = model.similarity(ea!, eb!)[0]![0]!;
        result = { similarity, tokens_a: attentionRollout(model, a).scores, tokens_b: attentionRollout(model, b).scores };
      } else {
        const r = attributeSimilarity(model, a, b, {
          method: method as 'integrated_gradients' | 'gradient_x_input', steps, integration, baseline,
        });
        result = { similarity: r.similarity, ...(r.baselineSimilarity === undefined ? {} : { baseline_similarity: r.baselineSimilarity }), tokens_a: r.tokensA, tokens_b: r.tokensB };
      }
      const strip = (ts: TokenScore[]): Array<{ token: string; score: number }> => ts.map((t) => ({ token: t.token, score: t.score }));
      if (args.flags.has('json')) {
        process.stdout.write(`${JSON.stringify({ similarity: result.similarity, baseline_similarity: result.baseline_similarity ?? null, tokens_a: strip(result.tokens_a), tokens_b: strip(result.tokens_b) })}\n`);
      } else {
        const scale = Math.max(...[...result.tokens_a, ...result.tokens_b].map((t) => Math.abs(t.score)));
        const base = result.baseline_similarity === undefined ? '' : ` (baseline ${result.baseline_similarity.toFixed(4)})`;
        process.stdout.write(`${model.similarityFnName} similarity ${result.similarity.toFixed(4)}${base}; ${method.replace(/_/g, ' ')} per token\n`
          + `${formatScores(`text a: ${a}`, result.tokens_a, scale)}\n${formatScores(`text b: ${b}`, result.tokens_b, scale)}\n`);
      }
    } finally {
      model.dispose();
    }
    return 0;
  },
};
