// The one JSON parser for model files: every config, manifest, index and tokenizer file goes
// through parseJson, so a broken file always fails the same way, with a JsonFileError naming it.
import { JsonFileError } from '../errors.js';

/** `text` (or UTF-8 bytes) parsed as JSON; JsonFileError naming `file` when it is not JSON. */
export function parseJson(text: string | Uint8Array, file: string): unknown {
  const s = typeof text === 'string' ? text : new TextDecoder('utf-8').decode(text);
  try {
    return JSON.parse(s) as unknown;
  } catch (e) {
    throw new JsonFileError(file, (e as Error).message);
  }
}
