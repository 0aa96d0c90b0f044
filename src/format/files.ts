// The file names of a sentence-transformers model folder, in one place: the loader, the hub
// downloader and the converter all ask for files by these names, so adding one (a new tokenizer
// file, a new checkpoint form) is one edit here and every reader of the folder sees it.

/** The pipeline: an ordered list of modules and their folders. */
export const MODULES_FILE = 'modules.json';
/** Model-wide settings since sentence-transformers v2: prompts, similarity function. */
export const ST_MODEL_CONFIG_FILE = 'config_sentence_transformers.json';
/** The Hugging Face config of a Transformer module; also the config of a Pooling or Dense module. */
export const CONFIG_FILE = 'config.json';

/**
 * The Transformer module's max_seq_length / do_lower_case file, in the order the reference looks
 * for them: the current name first, then the per-architecture names older versions wrote.
 */
export const SENTENCE_CONFIG_FILES = [
  'sentence_bert_config.json', 'sentence_roberta_config.json', 'sentence_distilbert_config.json',
  'sentence_camembert_config.json', 'sentence_albert_config.json', 'sentence_xlm-roberta_config.json', 'sentence_xlnet_config.json',
] as const;
/** The name the converter writes the Transformer's sentence config under. */
export const SENTENCE_CONFIG_FILE = SENTENCE_CONFIG_FILES[0];

/** The converted weights: a tf.js weights manifest, its shards beside it. */
export const MANIFEST_FILE = 'model.json';
/** Shard names the converter writes next to model.json (tfjs-converter's naming). */
export const MANIFEST_SHARD_PATTERN = /^group\d+-shard\d+of\d+\.bin$/;

export const SAFETENSORS_FILE = 'model.safetensors';
export const SAFETENSORS_INDEX_FILE = 'model.safetensors.index.json';
export const TORCH_FILE = 'pytorch_model.bin';
export const TORCH_INDEX_FILE = 'pytorch_model.bin.index.json';

/**
 * Checkpoint files in the order transformers' from_pretrained prefers them: safetensors before
 * the pickle, a single file before its sharded form (an `*.index.json` naming the shards).
 */
export const CHECKPOINT_FILES = [SAFETENSORS_FILE, SAFETENSORS_INDEX_FILE, TORCH_FILE, TORCH_INDEX_FILE] as const;

/** Whether `name` (a bare file name) is a sharded checkpoint's index. */
export function isCheckpointIndex(name: string): boolean {
  return name === SAFETENSORS_INDEX_FILE || name === TORCH_INDEX_FILE;
}

/** Weight files of any framework (ours or others'): the converter never copies them as-is. */
export function isWeightFile(name: string): boolean {
  return (CHECKPOINT_FILES as readonly string[]).includes(name) || name === MANIFEST_FILE || MANIFEST_SHARD_PATTERN.test(name) ||
    /\.(bin|safetensors|pt|pth|ckpt|h5|msgpack|ot|onnx)$/.test(name) || /\.(safetensors|bin)\.index\.json$/.test(name);
}

/** Whether a folder with these files ('/'-separated paths) holds a checkpoint without a model.json beside it. */
export function needsConversion(paths: Iterable<string>): boolean {
  const all = new Set(paths);
  for (const p of all) {
    const i = p.lastIndexOf('/');
    const dir = i === -1 ? '' : p.slice(0, i);
    if ((CHECKPOINT_FILES as readonly string[]).includes(p.slice(i + 1)) && !all.has(joinPath(dir, MANIFEST_FILE))) return true;
  }
  return false;
}

export const TOKENIZER_JSON_FILE = 'tokenizer.json';
/** Special tokens and options; transformers overlays them in this order (the map wins). */
export const TOKENIZER_CONFIG_FILES = ['tokenizer_config.json', 'special_tokens_map.json'] as const;
export const TOKENIZER_CONFIG_FILE = TOKENIZER_CONFIG_FILES[0];
/** WordPiece vocabulary (BERT, DistilBERT) without tokenizer.json. */
export const VOCAB_TXT_FILE = 'vocab.txt';
/** Byte-level BPE vocabulary and merges (RoBERTa) without tokenizer.json. */
export const VOCAB_JSON_FILE = 'vocab.json';
export const MERGES_FILE = 'merges.txt';
/** SentencePiece models (XLM-R, CamemBERT, ...) under the names transformers saves them. */
export const SENTENCEPIECE_FILES = ['sentencepiece.bpe.model', 'spiece.model', 'tokenizer.model'] as const;
/** Extra added tokens of older slow tokenizers; downloaded with the rest, not read. */
export const ADDED_TOKENS_FILE = 'added_tokens.json';

/**
 * The tokenizer files read only when a folder has no tokenizer.json (src/tokenizers/load.ts
 * tries them in this order): WordPiece, byte-level BPE, SentencePiece.
 */
export const LEGACY_TOKENIZER_FILES: readonly string[] = [VOCAB_TXT_FILE, VOCAB_JSON_FILE, MERGES_FILE, ...SENTENCEPIECE_FILES];

/** Every tokenizer file the tokenizer loader can read. */
export const TOKENIZER_FILES: readonly string[] = [TOKENIZER_JSON_FILE, ...TOKENIZER_CONFIG_FILES, ADDED_TOKENS_FILE, ...LEGACY_TOKENIZER_FILES];

/** `file` inside the module folder `dir` ('' = the model root). */
export function joinPath(dir: string, file: string): string {
  return dir === '' ? file : `${dir}/${file}`;
}
