// One fuzz target per parser: its corpus (small committed files: the fixtures under test/fixtures
// and test/converters/fixtures, and test/fuzz/corpus), whether inputs are JSON (structure-aware
// mutation too), and what it runs on one input. A target may only succeed or throw one of the
// project's typed errors; test/fuzz/fuzz.test.ts runs them briefly, bench/fuzz.ts at length.
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCheckpoint, readSafetensors, readZip, unpickle } from '../../src/checkpoint/index.js';
import { nodeInflate } from '../../src/checkpoint/node_inflate.js';
import { parseBertConfig } from '../../src/config/bert_config.js';
import { ArgumentError, CheckpointError, ConfigError, JsonFileError, SourceError, TokenizerError, WeightError } from '../../src/errors.js';
import { parseJson } from '../../src/format/json.js';
import { parseModulesJson } from '../../src/format/modules.js';
import { memorySource } from '../../src/io/file_source.js';
import { readManifestWeights } from '../../src/io/weights_manifest.js';
import { parseDenseConfig, parsePoolingConfig, parseSentenceBertConfig, parseStModelConfig } from '../../src/modules/config.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import { xlmRobertaJson } from '../../src/tokenizers/legacy/from_sentencepiece.js';
import { parseSentencePieceModel } from '../../src/tokenizers/legacy/sentencepiece_model.js';
import { Tokenizer } from '../../src/tokenizers/tokenizer.js';

const ROOT = join(import.meta.dirname, '..', '..');
const file = (p: string): Uint8Array => new Uint8Array(readFileSync(join(ROOT, p)));

/** The project's typed errors: the only exceptions a parser may throw on any input. */
export const TYPED_ERRORS = [CheckpointError, ConfigError, TokenizerError, JsonFileError, WeightError, ArgumentError, SourceError] as const;
export const isTypedError = (e: unknown): boolean => TYPED_ERRORS.some((c) => e instanceof c);

export interface FuzzTarget {
  readonly name: string;
  readonly json: boolean;
  corpus(): Uint8Array[];
  run(input: Uint8Array): void | Promise<void>;
}

const TEXTS = ['Hello world, héllo 漢字!', 'e\u0301\u0301 \u0000 \ud800 x', ' '.repeat(40) + 'a'.repeat(300)];
const refuse = (): never => {
  throw new CheckpointError('fuzz', 'not allowed');
};

/** A converted tiny-bert folder, for the whole-folder target (built once). */
let folder: Map<string, Uint8Array> | undefined;
async function tinyFolder(): Promise<Map<string, Uint8Array>> {
  if (folder === undefined) {
    const { convertModel } = await import('../../src/convert/convert.js');
    const { readModelFolder } = await import('../../converters/node.js');
    folder = convertModel(readModelFolder(join(ROOT, 'test', 'fixtures', 'models', 'tiny-bert')), 'tiny-bert').files;
  }
  return folder;
}
const FOLDER_FILES = ['modules.json', 'config.json', 'tokenizer.json', 'model.json', '1_Pooling/config.json', 'sentence_bert_config.json', 'config_sentence_transformers.json', 'tokenizer_config.json'];

export const TARGETS: readonly FuzzTarget[] = [
  {
    name: 'safetensors',
    json: false,
    corpus: () => [file('test/fixtures/models/tiny-bert-dense/2_Dense/model.safetensors')],
    run: (b) => void readSafetensors(b, 'fuzz.safetensors'),
  },
  {
    name: 'zip',
    json: false,
    corpus: () => [file('test/converters/fixtures/cases.pt'), file('test/converters/fixtures/deflated.pt'), file('test/fuzz/corpus/zip64.zip'), file('test/fuzz/corpus/deflated_folder.zip')],
    run: (b) => {
      const zip = readZip(b, 'fuzz.zip', { inflate: nodeInflate });
      for (const e of zip.entries) zip.read(e);
    },
  },
  {
    name: 'pickle',
    json: false,
    corpus: () => [file('test/fuzz/corpus/cases.pkl')],
    run: (b) => {
      // Storages and calls resolve to plain markers: the unpickler's own checks are under test.
      unpickle(b, 'fuzz.pkl', { persistentLoad: (pid) => pid, call: (fn, args) => [fn.dotted, args] });
      unpickle(b, 'fuzz.pkl', { persistentLoad: refuse, call: refuse });
    },
  },
  {
    name: 'torch',
    json: false,
    corpus: () => ['cases.pt', 'cases_p4.pt', 'cases_legacy.pt', 'cases_legacy_p4.pt', 'legacy_view.pt'].map((n) => file(`test/converters/fixtures/${n}`)),
    run: (b) => void readCheckpoint(b, 'fuzz.bin'),
  },
  {
    name: 'tokenizer.json',
    json: true,
    corpus: () => ['wordpiece', 'bpe'].map((n) => file(`test/fixtures/tokenizers/${n}/tokenizer.json`)),
    run: (b) => {
      const t = Tokenizer.fromJson(parseJson(b, 'fuzz/tokenizer.json'), 'fuzz/tokenizer.json');
      for (const s of TEXTS) t.encode(s);
    },
  },
  {
    name: 'sentencepiece',
    json: false,
    corpus: () => [file('test/fuzz/corpus/tiny.spm.model')],
    run: (b) => {
      const t = Tokenizer.fromJson(xlmRobertaJson(parseSentencePieceModel(b, 'fuzz.model'), {}, 'fuzz.model'), 'fuzz.model');
      for (const s of TEXTS) t.encode(s);
    },
  },
  {
    name: 'weights-manifest',
    json: true,
    corpus: () => [file('test/fuzz/corpus/model.json')],
    run: async (b) => {
      const shard = file('test/fuzz/corpus/group1-shard1of1.bin');
      const weights = await readManifestWeights(memorySource('fuzz', new Map([['model.json', b], ['group1-shard1of1.bin', shard]])));
      for (const w of weights.values()) w.read();
    },
  },
  {
    name: 'modules.json',
    json: true,
    corpus: () => [file('test/fixtures/models/tiny-bert-dense/modules.json')],
    run: (b) => void parseModulesJson(parseJson(b, 'fuzz/modules.json'), 'fuzz/modules.json'),
  },
  {
    name: 'st-configs',
    json: true,
    corpus: () => ['1_Pooling/config.json', '2_Dense/config.json', 'sentence_bert_config.json', 'config_sentence_transformers.json', 'config.json'].map((p) => file(`test/fixtures/models/tiny-bert-dense/${p}`)),
    run: (b) => {
      const parsers = [parsePoolingConfig, parseDenseConfig, parseSentenceBertConfig, parseStModelConfig, parseBertConfig];
      const json = parseJson(b, 'fuzz/config.json');
      let typed: unknown;
      for (const parse of parsers) {
        try {
          parse(json, 'fuzz/config.json');
        } catch (e) {
          if (!isTypedError(e)) throw e;
          typed = e;
        }
      }
      if (typed !== undefined) throw typed;
    },
  },
  {
    name: 'model-folder',
    json: true,
    // Inputs are the folder's JSON files; each is put back in place of the file it came from.
    corpus: () => {
      const f = folder;
      if (f === undefined) throw new Error('call prepareTargets() first');
      return FOLDER_FILES.map((p) => {
        const b = f.get(p)!;
        const tag = new TextEncoder().encode(`${p}\n`);
        const out = new Uint8Array(tag.length + b.length);
        out.set(tag);
        out.set(b, tag.length);
        return out;
      });
    },
    run: async (b) => {
      const nl = b.indexOf(0x0a);
      const name = new TextDecoder().decode(b.subarray(0, Math.max(nl, 0)));
      const files = new Map(folder!);
      files.set(FOLDER_FILES.includes(name) ? name : 'modules.json', b.subarray(nl + 1));
      const before = tf.memory().numTensors;
      try {
        const m = await SentenceTransformer.fromSource(memorySource('fuzz', files));
        try {
          await m.encode(TEXTS.slice(0, 2));
        } finally {
          m.dispose();
        }
      } finally {
        const leaked = tf.memory().numTensors - before;
        if (leaked !== 0) throw new Error(`LEAK: ${leaked} tensors left after a load of ${name}`);
      }
    },
  },
];

/** Builds what the targets share (the converted tiny-bert folder). */
export async function prepareTargets(): Promise<void> {
  await tinyFolder();
}
