// The config-file field readers, kept importable at this path for the config parsers beside it.
// They are the model-folder format's one set of JSON field readers (src/format/json_fields.ts);
// given a file name, they throw ConfigError(file, field, expected + found).
export { asObject, bool, describe, float, int, oneOf, optionalInt, probability, str, type JsonObject } from '../format/json_fields.js';
