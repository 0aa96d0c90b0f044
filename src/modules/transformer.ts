// Transformer module: tokenizer + encoder from one folder (the root, 0_Transformer, or a v0.2
// 0_BERT / 0_RoBERTa / 0_DistilBERT / 0_XLMRoBERTa folder). Reads sentence_bert_config.json or one
// of its older per-architecture names for max_seq_length and do_lower_case; the names are src/format/files.ts's.
import { loadEncoder, type AnyEncoder } from '../architectures/registry.js';
import { ConfigError } from '../errors.js';
import { readJson, type FileSource } from '../io/file_source.js';
import { disposeStored } from '../io/host_weight.js';
import { disposeModel } from '../nn/parameters.js';
import { encodeEachForModel, encodeForModel, loadTokenizer, padForModel, type Tokenizer } from '../tokenizers/index.js';
import { CONFIG_FILE, joinPath, SENTENCE_CONFIG_FILES, TOKENIZER_CONFIG_FILE } from '../format/files.js';
// The special tokens v0.2 did not count in max_seq_length, shared with the converter (which
// rewrites the number when it relabels v0.2 modules as Transformer, so converted folders load
// without legacyV02 and are not counted twice).
import { asObject } from '../format/json_fields.js';
import { moduleType, V02_SPECIAL_TOKENS } from '../format/modules.js';
import { parseSentenceBertConfig, type SentenceBertConfig } from './config.js';
import { need, type Features, type StModule } from './features.js';
import { loadModuleWeights } from './weights.js';

export { SENTENCE_CONFIG_FILES, V02_SPECIAL_TOKENS };

export const TRANSFORMER_TYPE = moduleType('Transformer');


/** A tokenized batch, padded to its longest text (dynamic padding). */
export interface TokenizedBatch {
  input_ids: number[][];
  attention_mask: number[][];
  token_type_ids: number[][];
}

export class Transformer implements StModule {
  readonly type = TRANSFORMER_TYPE;

  constructor(
    readonly name: string,
    readonly tokenizer: Tokenizer,
    readonly encoder: AnyEncoder,
    readonly maxSeqLength: number,
    readonly doLowerCase: boolean,
    /** Rows of the word embedding table (config.json vocab_size) and the file that says so. */
    readonly vocab?: { readonly size: number; readonly file: string },
  ) {}

  /**
   * Refuses a token id the embedding table has no row for (a tokenizer larger than the model),
   * before it reaches tf.gather: the cpu backend fails with a bare GatherV2 message and the GPU
   * backends return zeros without a word.
   */
  private checkIds(batch: TokenizedBatch): TokenizedBatch {
    const v = this.vocab;
    if (v === undefined) return batch;
    for (const row of batch.input_ids) {
      for (const id of row) {
        if (id >= v.size || id < 0) {
          const token = this.tokenizer.idToToken(id);
          throw new ConfigError(v.file, 'vocab_size', `is ${v.size}, but the tokenizer gave token ${token === undefined ? '' : `${JSON.stringify(token)} `}id ${id}: the tokenizer and the model do not match`);
        }
      }
    }
    return batch;
  }

  /** Reads the module in `dir` of `source`. Weights are loaded into tensors this module owns. */
  static async load(source: FileSource, dir: string, name: string, options: { legacyV02?: boolean } = {}): Promise<{ module: Transformer; unusedKeys: string[] }> {
    let stConfig: SentenceBertConfig = { do_lower_case: false };
    for (const file of SENTENCE_CONFIG_FILES) {
      const path = joinPath(dir, file);
      if (await source.exists(path)) {
        stConfig = parseSentenceBertConfig(await readJson(source, path), `${source.root}/${path}`);
        break;
      }
    }
    const configPath = joinPath(dir, CONFIG_FILE);
    const configJson = await readJson(source, configPath);
    const tokenizer = await loadTokenizer(source, dir);
    // v0.2-v0.3.6 modules (BERT, RoBERTa, ...) counted max_seq_length without the 2 special tokens
    // (src/format/modules.ts): feed max_seq_length + 2 ids, as those versions did.
    const legacyExtra = options.legacyV02 === true && stConfig.max_seq_length !== undefined ? V02_SPECIAL_TOKENS : 0;
    const maxSeqLength = stConfig.max_seq_length === undefined ? await defaultMaxLength(source, dir, configJson) : stConfig.max_seq_length + legacyExtra;
    const { weights, file } = await loadModuleWeights(source, dir);
    let loaded: ReturnType<typeof loadEncoder>;
    try {
      loaded = loadEncoder(configJson, weights, { config: `${source.root}/${configPath}`, weights: file });
    } catch (e) {
      disposeStored(weights.values());
      throw e;
    }
    // Keys the encoder did not take (e.g. the unused BERT pooler) stay ours to free (host weights
    // were never uploaded: nothing to free).
    disposeStored(loaded.unusedKeys.map((k) => weights.get(k)!));
    const vocabSize = (configJson as { vocab_size?: unknown }).vocab_size;
    const vocab = typeof vocabSize === 'number' && Number.isSafeInteger(vocabSize) ? { size: vocabSize, file: `${source.root}/${configPath}` } : undefined;
    return { module: new Transformer(name, tokenizer, loaded.model, maxSeqLength, stConfig.do_lower_case, vocab), unusedKeys: loaded.unusedKeys };
  }

  /** Token ids for `texts`, truncated to max_seq_length (including special tokens) and padded. */
  tokenize(texts: readonly string[]): TokenizedBatch {
    return this.checkIds(encodeForModel(this.tokenizer, [...texts], { maxSeqLength: this.maxSeqLength, doLowerCase: this.doLowerCase }));
  }

  /** tokenize()'s rows before padding: each text tokenized once, so encode() can sort and group
   *  texts by token count and then pad each group with pad(). */
  tokenizeEach(texts: readonly string[]): TokenizedBatch {
    return this.checkIds(encodeEachForModel(this.tokenizer, texts, { maxSeqLength: this.maxSeqLength, doLowerCase: this.doLowerCase }));
  }

  /** Rows of tokenizeEach() padded to their longest: tokenize()'s batch for those texts. */
  pad(rows: TokenizedBatch): TokenizedBatch {
    return padForModel(this.tokenizer, rows);
  }

  /** Number of prompt tokens without the tokenizer's trailing special token (reference
   *  Transformer._get_prompt_length: the last id is dropped when it is a special token). */
  promptLength(prompt: string): number {
    const ids = this.tokenize([prompt]).input_ids[0] ?? [];
    const empty = this.tokenize(['']).input_ids[0] ?? [];
    const trailingSpecial = empty.length > 0 && ids.length > 0 && ids[ids.length - 1] === empty[empty.length - 1];
    return trailingSpecial ? ids.length - 1 : ids.length;
  }

  forward(f: Features): Features {
    const out = this.encoder.forward({
      input_ids: need(f, 'input_ids', this.name),
      attention_mask: need(f, 'attention_mask', this.name),
      ...(f.token_type_ids === undefined ? {} : { token_type_ids: f.token_type_ids }),
    });
    return { ...f, token_embeddings: out.last_hidden_state }; // [B, T, H]
  }

  /** Width of token_embeddings. */
  get hiddenSize(): number {
    return this.encoder.hiddenSize;
  }

  /** Width of token_embeddings (the first module: nothing comes in). */
  outputDimension(): number {
    return this.hiddenSize;
  }

  dispose(): void {
    disposeModel(this.encoder);
  }
}

/** Without max_seq_length the reference uses the tokenizer's model_max_length capped at
 *  max_position_embeddings. */
export async function defaultMaxLength(source: FileSource, dir: string, configJson: unknown): Promise<number> {
  const c = asObject(configJson, `${source.root}/${joinPath(dir, CONFIG_FILE)}`, '(root)') as { max_position_embeddings?: unknown };
  const maxPos = typeof c.max_position_embeddings === 'number' ? c.max_position_embeddings : 512;
  const tcPath = joinPath(dir, TOKENIZER_CONFIG_FILE);
  if (await source.exists(tcPath)) {
    const tc = asObject(await readJson(source, tcPath), `${source.root}/${tcPath}`, '(root)') as { model_max_length?: unknown };
    if (typeof tc.model_max_length === 'number' && tc.model_max_length > 0) return Math.min(tc.model_max_length, maxPos);
  }
  if (maxPos <= 0) throw new ConfigError(`${source.root}/${joinPath(dir, CONFIG_FILE)}`, 'max_position_embeddings', 'must be positive');
  return maxPos;
}
