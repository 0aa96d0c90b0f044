// Added tokens for tokenizers built from older files, as transformers adds them: the config's
// added_tokens_decoder first, then each named special token not yet present (special, not
// normalized), ids from the vocab or appended after it.
import type { AddedTokenJson, SpecialTokenValue, TokenizerConfigJson } from '../tokenizer_json.js';

const NAMES = ['bos_token', 'eos_token', 'unk_token', 'sep_token', 'pad_token', 'cls_token', 'mask_token'] as const;
export type SpecialName = (typeof NAMES)[number];

export function specialContent(config: TokenizerConfigJson, name: SpecialName, fallback: string): string {
  const v = config[name];
  if (v === undefined || v === null) return fallback;
  return typeof v === 'string' ? v : v.content;
}

export function addedTokensFor(
  config: TokenizerConfigJson,
  defaults: Partial<Record<SpecialName, string>>,
  idOf: (token: string) => number | undefined,
  vocabSize: number,
): AddedTokenJson[] {
  const out: AddedTokenJson[] = [];
  const seen = new Set<string>();
  let next = vocabSize;
  for (const [id, t] of Object.entries(config.added_tokens_decoder ?? {}).sort((a, b) => Number(a[0]) - Number(b[0]))) {
    out.push({ ...t, id: Number(id) });
    seen.add(t.content);
  }
  for (const name of NAMES) {
    const v: SpecialTokenValue | undefined = config[name] ?? defaults[name];
    if (v === undefined) continue;
    const o = typeof v === 'string' ? { content: v } : v;
    if (seen.has(o.content)) continue;
    seen.add(o.content);
    const id = idOf(o.content) ?? next++;
    out.push({
      id,
      content: o.content,
      single_word: o.single_word ?? false,
      lstrip: o.lstrip ?? false,
      rstrip: o.rstrip ?? false,
      normalized: o.normalized ?? false,
      special: true,
    });
  }
  return out;
}
