// The payload's inputs.json (written by make_inputs.ts, read by webgpu_bench.ts and st_cuda_bench.py).

export interface GpuFixedWorkload {
  /** "BxT", e.g. "32x16". */
  name: string;
  /** Timed rounds (after warm-up). */
  rounds: number;
  /** [B][T] token ids: [CLS] w... [SEP], no padding; attention mask all ones, token types 0. */
  input_ids: number[][];
}

export interface GpuInputs {
  fixed: GpuFixedWorkload[];
  e2e: { name: string; batchSize: number; rounds: number };
  /** Every STSb test sentence, both columns, file order (2,758). */
  stsb_test: string[];
}

/** --quick: two small shapes, few rounds, 256 sentences (a smoke test of the whole script). */
export function quickInputs(full: GpuInputs): GpuInputs {
  return {
    fixed: full.fixed.filter((w) => w.name === '32x16' || w.name === '1x16').map((w) => ({ ...w, rounds: 3 })),
    e2e: { ...full.e2e, name: 'stsb-test-256', rounds: 1 },
    stsb_test: full.stsb_test.slice(0, 256),
  };
}
