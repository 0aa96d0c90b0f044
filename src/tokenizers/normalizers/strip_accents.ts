// StripAccents: delete nonspacing marks (Mn). BertNormalizer runs NFD first; the standalone
// StripAccents normalizer expects an NFD normalizer before it in the Sequence.
import type { NormalizedString } from '../util/normalized_string.js';
import { isMn } from '../util/unicode.js';
import { normalizeForm } from './unicode_forms.js';

const dropMn = (c: string): string => (isMn(c) ? '' : c);

/** NFD, then delete Mn (BertNormalizer's strip_accents). */
export function stripAccents(s: NormalizedString): NormalizedString {
  return normalizeForm(s, 'NFD').mapChars(dropMn);
}

/** The StripAccents normalizer: delete Mn only. */
export function stripMarks(s: NormalizedString): NormalizedString {
  return s.mapChars(dropMn);
}
