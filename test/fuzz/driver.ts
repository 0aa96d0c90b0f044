// The seeded mutation driver shared by the short run (test/fuzz/fuzz.test.ts) and the long run
// (bench/fuzz.ts): each input is a mutation of a corpus input or of an earlier mutant (stacked
// up to 4 deep), and each result is classified: accepted, a typed error, or a finding (any other
// exception, a tensor leak, a run over HANG_MS).
import { isTypedError, type FuzzTarget } from './targets.js';
import { mutateBytes, mutateJson, prng } from './mutate.js';

/** An input taking longer than this is a hang. */
export const HANG_MS = 5000;

export interface Finding {
  readonly kind: 'untyped' | 'hang';
  readonly message: string;
  readonly input: Uint8Array;
}

export interface FuzzReport {
  readonly target: string;
  readonly inputs: number;
  readonly accepted: number;
  readonly typed: number;
  readonly findings: Finding[];
  readonly maxMs: number;
  readonly seconds: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A JSON mutation of `input` (after its first line when that line is a tag, as model-folder inputs have). */
function mutateJsonInput(input: Uint8Array, rand: () => number): Uint8Array {
  const first = input[0];
  const nl = first === 0x7b || first === 0x5b ? -1 : input.indexOf(0x0a);
  const tag = input.subarray(0, nl + 1);
  const body = enc.encode(mutateJson(dec.decode(input.subarray(nl + 1)), rand));
  const out = new Uint8Array(tag.length + body.length);
  out.set(tag);
  out.set(body, tag.length);
  return out;
}

export async function fuzzTarget(target: FuzzTarget, options: { seed: number; maxInputs: number; maxMs: number }): Promise<FuzzReport> {
  const rand = prng(options.seed);
  const corpus = target.corpus();
  const findings: Finding[] = [];
  let accepted = 0;
  let typed = 0;
  let maxMs = 0;
  let inputs = 0;
  const start = performance.now();
  while (inputs < options.maxInputs && performance.now() - start < options.maxMs) {
    let input = corpus[Math.floor(rand() * corpus.length)]!;
    for (let depth = 1 + Math.floor(rand() * 4); depth > 0; depth--) {
      input = target.json && rand() < 0.5 ? mutateJsonInput(input, rand) : mutateBytes(input, rand, corpus[Math.floor(rand() * corpus.length)]);
    }
    inputs++;
    const t0 = performance.now();
    try {
      await target.run(input);
      accepted++;
    } catch (e) {
      if (isTypedError(e)) typed++;
      else findings.push({ kind: 'untyped', message: `${(e as Error)?.name}: ${String((e as Error)?.message).slice(0, 300)}`, input });
    }
    const ms = performance.now() - t0;
    maxMs = Math.max(maxMs, ms);
    if (ms > HANG_MS) findings.push({ kind: 'hang', message: `${ms.toFixed(0)} ms`, input });
  }
  return { target: target.name, inputs, accepted, typed, findings, maxMs, seconds: (performance.now() - start) / 1000 };
}
