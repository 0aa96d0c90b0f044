// A small, strict argument parser: unknown options are errors that name the option.
import { ArgumentError } from '../errors.js';

export interface OptionSpec {
  /** 'flag' takes no value; 'string' takes the next argument (or --name=value). */
  readonly kind: 'flag' | 'string';
  /** May be given more than once (values collected in order). */
  readonly repeat?: boolean;
  /** An empty value ('--name=' or '--name ""') is accepted; otherwise it is an error, as an empty
   *  --model would silently name the working folder. */
  readonly allowEmpty?: boolean;
}

/**
 * Threads a command may ask for: each is a worker with its own wasm memory, so a huge count ends
 * in a fatal out-of-memory in V8 instead of an error (src/backends/node_wasm_threads.ts checks the
 * same bound).
 */
export const MAX_THREADS = 256;

export interface ParsedArgs {
  readonly options: ReadonlyMap<string, string[]>;
  readonly flags: ReadonlySet<string>;
  readonly positional: readonly string[];
}

export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, OptionSpec>>): ParsedArgs {
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const s = spec[name];
    if (s === undefined) {
      throw new ArgumentError(`--${name}`, `is not an option of this command; known: ${Object.keys(spec).map((k) => `--${k}`).join(', ')}`);
    }
    if (s.kind === 'flag') {
      if (eq !== -1) throw new ArgumentError(`--${name}`, 'takes no value');
      flags.add(name);
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else value = argv[++i];
    if (value === undefined) throw new ArgumentError(`--${name}`, 'needs a value');
    if (value === '' && s.allowEmpty !== true) throw new ArgumentError(`--${name}`, 'needs a value, got an empty one');
    const list = options.get(name) ?? [];
    if (list.length > 0 && s.repeat !== true) throw new ArgumentError(`--${name}`, 'was given more than once');
    list.push(value);
    options.set(name, list);
  }
  return { options, flags, positional };
}

/** The single value of a string option, or `fallback`. */
export function option(args: ParsedArgs, name: string, fallback?: string): string | undefined {
  return args.options.get(name)?.[0] ?? fallback;
}

/** Upper bounds of integer options whose size is a resource (threads, workers). */
const INT_OPTION_MAX: Readonly<Record<string, number>> = { threads: MAX_THREADS };

/** A positive integer option (at most `max`: by default its bound in INT_OPTION_MAX), with the option named in the error. */
export function intOption(args: ParsedArgs, name: string, fallback: number, max = Object.hasOwn(INT_OPTION_MAX, name) ? INT_OPTION_MAX[name]! : Number.MAX_SAFE_INTEGER): number {
  const raw = option(args, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new ArgumentError(`--${name}`, `must be a positive integer, got "${raw}"`);
  if (n > max) throw new ArgumentError(`--${name}`, `must be at most ${max}, got ${n}`);
  return n;
}

/** Whether the arguments ask for help: --help or -h before a '--' (after it they are texts). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}
