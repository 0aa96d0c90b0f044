// The model-folder format: file names, modules.json and its module kinds, sharded-checkpoint
// indexes, and the JSON parser and field readers every model file goes through.
export * from './files.js';
export * from './modules.js';
export * from './shard_index.js';
export { parseJson } from './json.js';
export * from './json_fields.js';
