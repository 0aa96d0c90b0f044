// Typed errors that name the file, the field or key, what was expected and what was found
//. Tests match on the class and the structured fields, UIs can point at them.

/** A config file (config.json, modules.json, tokenizer.json, ...) has a bad or missing field. */
export class ConfigError extends Error {
  constructor(readonly file: string, readonly field: string, detail: string) {
    super(`${file}: field "${field}" ${detail}`);
    this.name = 'ConfigError';
  }
}

/** A file that must be JSON is not: names the file and the parser's complaint (with its position). */
export class JsonFileError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: is not valid JSON: ${detail}`);
    this.name = 'JsonFileError';
  }
}

/** A weight is missing, has the wrong shape or dtype, or was left unused. */
export class WeightError extends Error {
  constructor(readonly file: string, readonly key: string, detail: string) {
    super(`${file}: weight "${key}" ${detail}`);
    this.name = 'WeightError';
  }
}

/** A tokenizer file cannot be used: `at` is the JSON path or the field of the file. */
export class TokenizerError extends Error {
  constructor(readonly file: string, readonly at: string, detail: string) {
    super(`${file}: ${at}: ${detail}`);
    this.name = 'TokenizerError';
  }
}

/** A checkpoint or archive is malformed, unsafe or unsupported. `offset` is a byte offset when known. */
export class CheckpointError extends Error {
  constructor(readonly file: string, detail: string, readonly offset?: number) {
    super(`${file}: ${detail}${offset === undefined ? '' : ` (at byte ${offset})`}`);
    this.name = 'CheckpointError';
  }
}

/** A model source (hub, URL, folder, zip) could not be resolved or downloaded. */
export class SourceError extends Error {
  constructor(readonly source: string, detail: string) {
    super(`${source}: ${detail}`);
    this.name = 'SourceError';
  }
}

/** A file or folder could not be written (disk full, read-only file system, permissions, a
 *  concurrent writer): names the path and the system's reason with its code (ENOSPC, EROFS, ...). */
export class WriteError extends Error {
  constructor(readonly path: string, detail: string) {
    super(`${path}: ${detail}`);
    this.name = 'WriteError';
  }
}

/** A call got a bad argument: names the argument and what was expected. */
export class ArgumentError extends Error {
  constructor(readonly argument: string, detail: string) {
    super(`argument "${argument}" ${detail}`);
    this.name = 'ArgumentError';
  }
}
