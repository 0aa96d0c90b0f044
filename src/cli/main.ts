#!/usr/bin/env node
// `sbert <command> [options]`: dispatches to src/cli/commands/*. Each command prints its own --help.
import type { Command } from './command.js';
import { wantsHelp } from './args.js';
import { packageVersion } from './version.js';

// One line per command; each file exports `command`.
const COMMANDS: readonly (() => Promise<{ command: Command }>)[] = [
  () => import('./commands/convert.js'),
  () => import('./commands/encode.js'),
  () => import('./commands/similarity.js'),
  () => import('./commands/search.js'),
  () => import('./commands/index_corpus.js'),
  () => import('./commands/tokenize.js'),
  () => import('./commands/eval.js'),
  () => import('./commands/predict.js'),
  () => import('./commands/rerank.js'),
  () => import('./commands/explain.js'),
  () => import('./commands/cache.js'),
];

async function main(argv: readonly string[]): Promise<number> {
  const commands = await Promise.all(COMMANDS.map(async (load) => (await load()).command));
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || rest.includes('--version')) {
    const { name: pkg, version } = packageVersion();
    process.stdout.write(`${pkg} ${version}\n`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const width = Math.max(...commands.map((c) => c.name.length), 4);
    process.stdout.write(
      'sbert: Sentence-Transformers in TypeScript on TensorFlow.js\n\nUsage: sbert <command> [options]\n\nCommands:\n' +
        commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n') +
        '\n\nRun `sbert <command> --help` for the options of one command; `sbert --version` for the version.\n',
    );
    return name === undefined ? 1 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    process.stderr.write(`sbert: unknown command "${name}"; known: ${commands.map((c) => c.name).join(', ')}\n`);
    return 2;
  }
  if (wantsHelp(rest)) {
    process.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    const err = e as Error;
    process.stderr.write(`sbert ${name}: ${err.name === 'Error' ? '' : `${err.name}: `}${err.message}\n`);
    if (process.env['SBERT_DEBUG'] === '1' && err.stack !== undefined) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`sbert: ${String(e)}\n`);
    process.exitCode = 1;
  },
);
