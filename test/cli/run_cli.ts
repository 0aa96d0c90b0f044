// Runs `sbert` as a user does: a real child process (node with the tsx loader on src/cli/main.ts,
// one process, so a test can kill it mid-run), with stdin, a private model cache and a clean env.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/goldens.js';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

export interface CliOptions {
  /** Written to the child's stdin (then closed); default: stdin closed at once. */
  input?: string;
  env?: Record<string, string>;
  /** Called with the child and each stderr chunk (e.g. to kill it on a progress line). */
  onStderr?: (child: ChildProcess, chunk: string) => void;
}

export function sbertSpawn(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src', 'cli', 'main.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString('utf8');
      options.onStderr?.(child, b.toString('utf8'));
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out), stderr: err }));
    child.stdin.end(options.input ?? '');
  });
}

/** Runs sbert and fails with its stderr unless it exits 0; resolves to stdout as text and stderr. */
export async function sbertOk(args: readonly string[], options: CliOptions = {}): Promise<{ stdout: string; stderr: string; bytes: Buffer }> {
  const r = await sbertSpawn(args, options);
  if (r.code !== 0) throw new Error(`sbert ${args.join(' ')} exited ${r.code ?? r.signal}:\n${r.stderr}`);
  return { stdout: r.stdout.toString('utf8'), stderr: r.stderr, bytes: r.stdout };
}

/** Runs sbert expecting failure; resolves to its stderr. */
export async function sbertFails(args: readonly string[], options: CliOptions = {}): Promise<string> {
  const r = await sbertSpawn(args, options);
  if (r.code === 0) throw new Error(`sbert ${args.join(' ')} succeeded; expected an error. stdout:\n${r.stdout.toString('utf8').slice(0, 500)}`);
  return r.stderr;
}
