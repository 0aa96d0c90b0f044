// Node wrapper of the converter (reads the input from disk, writes the output folder atomically).
// It lives in src/convert/node.ts so that the `sbert convert` command can use it without src/
// importing this folder.
export { convertPath, readModelFolder } from '../src/convert/node.js';
