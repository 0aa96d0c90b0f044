// WebGPU for Node through Dawn (npm package `webgpu`, loaded from a plain folder at run time so
// the bench bundle carries no native code). tfjs-backend-webgpu registers its backend at import
// time only when navigator.gpu exists, so installDawn() must run BEFORE that module is imported.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The slice of the WebGPU API used here (the package's own types are not installed). */
interface GpuAdapterLike {
  readonly features: ReadonlySet<string>;
  readonly limits: Record<string, number>;
  readonly info?: Record<string, string>;
  requestDevice(descriptor?: { requiredFeatures?: unknown[]; requiredLimits?: Record<string, number> }): Promise<unknown>;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}
interface DawnModule {
  create(options: string[]): GpuLike;
  globals: Record<string, unknown>;
}

export interface AdapterReport {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  features: string[];
  limits: Record<string, number>;
  dawnOptions: string[];
}

/** Thrown when Dawn loads but finds no adapter (no Vulkan driver, no GPU): the caller exits non-zero. */
export class NoAdapterError extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NoAdapterError(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/**
 * Loads `<packageDir>/index.js`, puts the WebGPU globals (GPUBufferUsage, GPUMapMode, ...) and
 * navigator.gpu on globalThis, and asks for a high-performance adapter once to report it.
 */
export async function installDawn(packageDir: string, dawnOptions: string[], timeoutMs = 60_000): Promise<AdapterReport> {
  const entry = join(packageDir, 'index.js');
  if (!existsSync(join(packageDir, 'dist', 'linux-x64', 'dawn.node'))) {
    throw new NoAdapterError(`${packageDir}/dist/linux-x64/dawn.node not found (run bench/gpu/run_device.sh, which unpacks it)`);
  }
  const dawn = (await import(pathToFileURL(entry).href)) as DawnModule;
  Object.assign(globalThis, dawn.globals);
  const raw = dawn.create(dawnOptions);
  // tfjs 4.22 asks for requiredFeatures [..., ['bgra8unorm-storage']] (an array inside the list, a
  // browser's WebIDL turns it into the string); Dawn's bindings may not, so flatten it here.
  const gpu: GpuLike = {
    async requestAdapter(options) {
      const a = await raw.requestAdapter(options);
      if (a === null) return null;
      return {
        features: a.features,
        limits: a.limits,
        info: a.info,
        requestDevice: (d) => a.requestDevice(d === undefined ? d : { ...d, requiredFeatures: d.requiredFeatures?.flat() }),
      };
    },
  };
  // Node 20 has no navigator; Node >= 21 has a read-only getter, hence defineProperty.
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });

  const adapter = await withTimeout(raw.requestAdapter({ powerPreference: 'high-performance' }), timeoutMs, 'navigator.gpu.requestAdapter()');
  if (adapter === null) {
    throw new NoAdapterError('Dawn found no WebGPU adapter (no GPU, or no Vulkan loader/driver: check `ldconfig -p | grep libvulkan` and VK_DRIVER_FILES)');
  }
  const info = adapter.info ?? {};
  const limits: Record<string, number> = {};
  for (const k of ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupSizeX']) {
    const v = adapter.limits[k];
    if (typeof v === 'number') limits[k] = v;
  }
  let features: string[] = [];
  try {
    features = [...adapter.features].sort();
  } catch {
    features = ['(not iterable)'];
  }
  return {
    vendor: info['vendor'] ?? '',
    architecture: info['architecture'] ?? '',
    device: info['device'] ?? '',
    description: info['description'] ?? '',
    features,
    limits,
    dawnOptions,
  };
}

/** Drops the reference that keeps Dawn's event loop (and so the process) alive. */
export function releaseDawn(): void {
  delete (globalThis as { navigator?: unknown }).navigator;
}
