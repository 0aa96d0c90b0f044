// PyTorch checkpoints: the zip format (torch ≥ 1.6) and the legacy
// concatenated-pickles format. Both unpickle to a state dict whose tensors point at storages by
// key; storages are read once (shared storages stay shared), and each tensor is then cut out of
// its storage: a zero-copy slice when contiguous, a row-major gather when strided.
import { CheckpointError } from '../errors.js';
import { PyGlobal, PyTuple, unpickle } from './pickle.js';
import type { UnpickleHooks } from './pickle.js';
import { DTYPE_BYTES, allocate, numelOf, typedView } from './types.js';
import type { RawData, RawDType, RawTensor } from './types.js';
import { readZip } from './zip.js';
import { CHECKPOINT_AMPLIFICATION_FLOOR_BYTES, MAX_CHECKPOINT_AMPLIFICATION, MAX_TENSOR_ELEMENTS, MAX_TENSOR_RANK, MAX_TENSORS } from '../format/limits.js';

const STORAGE_DTYPES: Readonly<Record<string, RawDType>> = {
  FloatStorage: 'float32', DoubleStorage: 'float64', HalfStorage: 'float16', BFloat16Storage: 'bfloat16',
  LongStorage: 'int64', IntStorage: 'int32', ShortStorage: 'int16', CharStorage: 'int8', ByteStorage: 'uint8', BoolStorage: 'bool',
};

/** A storage named by a persistent id; its bytes are attached once known. */
interface StorageRef {
  readonly key: string;
  readonly dtype: RawDType;
  readonly numel: number;
  /** Legacy views: element offset into the root storage `key`. */
  readonly viewOffset: number;
}

/** The result of `_rebuild_tensor_v2`: where the tensor lives, materialised later. */
class TensorRef {
  constructor(readonly storage: StorageRef, readonly offset: number, readonly size: number[], readonly stride: number[]) {}
}

function intList(v: unknown, what: string, fail: (d: string) => never): number[] {
  if (!(v instanceof PyTuple)) fail(`${what} must be a tuple`);
  const items = (v as PyTuple).items;
  for (const x of items) if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) fail(`${what} has a bad entry ${String(x)}`);
  return items as number[];
}

/** REDUCE hooks shared by both formats: the rebuild functions, checked argument by argument. */
function rebuildHooks(file: string, persistentLoad: UnpickleHooks['persistentLoad']): UnpickleHooks {
  return {
    persistentLoad,
    call(fn: PyGlobal, args: readonly unknown[], offset: number): unknown {
      const fail = (d: string): never => {
        throw new CheckpointError(file, `pickle: ${fn.dotted}: ${d}`, offset);
      };
      switch (fn.dotted) {
        case 'torch._utils._rebuild_tensor_v2':
        case 'torch._utils._rebuild_tensor': {
          const min = fn.name === '_rebuild_tensor' ? 4 : 6;
          if (args.length < min || args.length > min + 1) fail(`expects ${min} arguments, got ${args.length}`);
          const [storage, off] = args;
          if (!(storage instanceof Object) || !('key' in storage)) fail('first argument is not a storage');
          if (typeof off !== 'number' || !Number.isSafeInteger(off) || off < 0) fail(`storage offset ${String(off)} is not a non-negative integer`);
          const size = intList(args[2], 'size', fail);
          const stride = intList(args[3], 'stride', fail);
          if (size.length !== stride.length) fail(`size (${size.join(', ')}) and stride (${stride.join(', ')}) differ in length`);
          return new TensorRef(storage as StorageRef, off as number, size, stride);
        }
        case 'torch._utils._rebuild_parameter':
        case 'torch._utils._rebuild_parameter_with_state':
          if (!(args[0] instanceof TensorRef)) fail('data is not a tensor');
          return args[0];
        case 'torch._tensor._rebuild_from_type_v2': {
          // (func, type, args, state): accept only plain Tensor/Parameter with no Python state.
          const [inner, type, innerArgs, state] = args;
          if (!(type instanceof PyGlobal) || !['torch.Tensor', 'torch.nn.parameter.Parameter'].includes(type.dotted)) fail('type must be torch.Tensor or Parameter');
          if (!(state === null || (state instanceof Map && state.size === 0))) fail('tensor carries Python attributes, which are not supported');
          if (!(inner instanceof PyGlobal) || !(innerArgs instanceof PyTuple)) fail('malformed arguments');
          return this.call(inner as PyGlobal, (innerArgs as PyTuple).items, offset);
        }
        default:
          return fail('cannot be called in a state dict');
      }
    },
  };
}

function storageDtype(type: unknown, file: string, offset: number): RawDType {
  const dtype = type instanceof PyGlobal && type.module === 'torch' ? STORAGE_DTYPES[type.name] : undefined;
  if (dtype === undefined) throw new CheckpointError(file, `pickle: persistent id names an unsupported storage type ${type instanceof PyGlobal ? type.dotted : String(type)}`, offset);
  return dtype;
}

function checkedCount(v: unknown, what: string, file: string, offset: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new CheckpointError(file, `pickle: ${what} ${String(v)} is not a non-negative integer`, offset);
  return v;
}

/** The state dict inside the unpickled object: the object itself or one of the usual wrapper keys. */
function stateDict(value: unknown, file: string): Map<unknown, unknown> {
  if (!(value instanceof Map)) throw new CheckpointError(file, 'the pickled object is not a dict of tensors');
  for (const key of ['state_dict', 'model_state_dict', 'model']) {
    const inner = value.get(key);
    if (inner instanceof Map) return inner;
  }
  return value;
}

/** One state-dict entry checked against its storage, before anything is allocated for it. */
interface PlannedTensor {
  readonly name: string;
  readonly ref: TensorRef;
  readonly bytes: Uint8Array;
  readonly numel: number;
  readonly extent: number;
  readonly contiguous: boolean;
}

/**
 * Cuts each tensor out of its storage bytes (`storages` maps a storage key to its bytes). Every
 * tensor is checked first and the whole output is sized against the storages the file holds
 * (MAX_CHECKPOINT_AMPLIFICATION): aliasing storages and stride-0 views let a few kilobytes
 * describe gigabytes, so the refusal comes before any tensor is allocated.
 */
function materialise(sd: Map<unknown, unknown>, storages: (ref: StorageRef) => Uint8Array, file: string): Map<string, RawTensor> {
  if (sd.size > MAX_TENSORS) throw new CheckpointError(file, `state dict has ${sd.size} entries, more than the limit of ${MAX_TENSORS} tensors (MAX_TENSORS)`);
  const planned: PlannedTensor[] = [];
  const storageBytes = new Map<string, number>(); // root storage key -> bytes held in the file
  let outputBytes = 0;
  for (const [name, value] of sd) {
    if (typeof name !== 'string') throw new CheckpointError(file, `state dict key ${String(name)} is not a string`);
    if (!(value instanceof TensorRef)) throw new CheckpointError(file, `state dict entry "${name}" is not a tensor`);
    const { storage, offset, size, stride } = value;
    const fail = (d: string): never => {
      throw new CheckpointError(file, `tensor "${name}": ${d}`);
    };
    if (size.length > MAX_TENSOR_RANK) fail(`has ${size.length} dimensions, more than the limit of ${MAX_TENSOR_RANK} (MAX_TENSOR_RANK)`);
    let numel = 0;
    try {
      numel = numelOf(size);
    } catch {
      fail(`size (${size.join(', ')}) is too large`);
    }
    if (numel > MAX_TENSOR_ELEMENTS) fail(`size (${size.join(', ')}) has ${numel} elements, more than the limit of ${MAX_TENSOR_ELEMENTS} (MAX_TENSOR_ELEMENTS)`);
    const bytes = storages(storage);
    storageBytes.set(storage.key, Math.max(storageBytes.get(storage.key) ?? 0, bytes.byteLength));
    let extent = 0; // highest element index touched, relative to the tensor's offset
    for (let i = 0; i < size.length; i++) extent += (size[i]! - 1) * stride[i]!;
    if (numel > 0 && offset + extent >= storage.numel) {
      fail(`offset ${offset} + extent ${extent} is outside its storage of ${storage.numel} elements`);
    }
    // Row-major contiguous when each stride equals the product of later sizes (size-1 dims ignored).
    let contiguous = true;
    for (let i = size.length - 1, expect = 1; i >= 0; i--) {
      if (size[i] !== 1 && stride[i] !== expect) contiguous = false;
      expect *= size[i]!;
    }
    outputBytes += numel * DTYPE_BYTES[storage.dtype];
    planned.push({ name, ref: value, bytes, numel, extent, contiguous });
  }
  let held = 0;
  for (const n of storageBytes.values()) held += n;
  const budget = MAX_CHECKPOINT_AMPLIFICATION * held + CHECKPOINT_AMPLIFICATION_FLOOR_BYTES;
  if (outputBytes > budget) {
    throw new CheckpointError(file, `its ${planned.length} tensors describe ${outputBytes} bytes from ${held} bytes of storage, more than the limit of ` +
      `${MAX_CHECKPOINT_AMPLIFICATION}× + ${CHECKPOINT_AMPLIFICATION_FLOOR_BYTES} bytes (MAX_CHECKPOINT_AMPLIFICATION): tensors aliasing one storage or stride-0 views would expand the file`);
  }

  const out = new Map<string, RawTensor>();
  for (const { name, ref, bytes, numel, extent, contiguous } of planned) {
    const { storage, offset, size, stride } = ref;
    const e = DTYPE_BYTES[storage.dtype];
    const base = storage.viewOffset + offset; // elements into the root storage
    let data: RawData;
    if (numel === 0) {
      data = allocate(storage.dtype, 0);
    } else if (contiguous) {
      data = typedView(bytes, base * e, numel, storage.dtype, file);
    } else {
      const src = typedView(bytes, base * e, extent + 1, storage.dtype, file);
      data = allocate(storage.dtype, numel);
      gather(src as unknown as ArrayLike<number>, data as unknown as { [i: number]: number }, size, stride);
    }
    out.set(name, { name, dtype: storage.dtype, shape: size, data });
  }
  return out;
}

/** Row-major copy of a strided view: out[i0…ik] = src[Σ ij·stridej]. */
function gather(src: ArrayLike<number>, dst: { [i: number]: number }, size: number[], stride: number[]): void {
  const k = size.length;
  const index = new Array<number>(k).fill(0);
  let at = 0;
  let n = 0;
  for (;;) {
    dst[n++] = src[at]!;
    let d = k - 1;
    while (d >= 0) {
      index[d]!++;
      at += stride[d]!;
      if (index[d]! < size[d]!) break;
      at -= stride[d]! * size[d]!;
      index[d] = 0;
      d--;
    }
    if (d < 0) return;
  }
}

/** A torch.save zip archive; TorchScript archives are refused. */
export function readTorchZip(bytes: Uint8Array, file: string): Map<string, RawTensor> {
  const zip = readZip(bytes, file);
  const first = zip.entries[0];
  if (first === undefined) throw new CheckpointError(file, 'zip archive is empty');
  const prefix = first.name.slice(0, first.name.indexOf('/') + 1);
  if (prefix === '') throw new CheckpointError(file, `zip: first entry "${first.name}" is not inside an archive folder`);
  for (const e of zip.entries) {
    if (!e.name.startsWith(prefix)) throw new CheckpointError(file, `zip: entry "${e.name}" is outside the archive folder "${prefix}"`);
    const rest = e.name.slice(prefix.length);
    if (rest === 'constants.pkl' || rest.startsWith('code/')) {
      throw new CheckpointError(file, 'is a TorchScript archive (torch.jit.save), not a state dict; save the weights with torch.save(model.state_dict()) instead');
    }
  }
  const pkl = zip.get(`${prefix}data.pkl`);
  if (pkl === undefined) throw new CheckpointError(file, `zip: no "${prefix}data.pkl" record; not a torch.save archive`);
  const order = zip.get(`${prefix}byteorder`);
  if (order !== undefined && new TextDecoder().decode(zip.read(order)).trim() !== 'little') {
    throw new CheckpointError(file, 'stores big-endian tensors, which are not supported');
  }

  const persistentLoad = (pid: unknown, offset: number): StorageRef => {
    const items = pid instanceof PyTuple ? pid.items : [];
    if (items[0] !== 'storage' || items.length !== 5) {
      throw new CheckpointError(file, `pickle: persistent id must be ('storage', type, key, location, numel), found ${items[0] === 'module' ? "a pickled module ('module', …)" : String(items[0])}`, offset);
    }
    if (typeof items[2] !== 'string') throw new CheckpointError(file, 'pickle: storage key is not a string', offset);
    return { key: items[2], dtype: storageDtype(items[1], file, offset), numel: checkedCount(items[4], 'storage numel', file, offset), viewOffset: 0 };
  };
  const { value } = unpickle(zip.read(pkl), file, rebuildHooks(file, persistentLoad));
  const cache = new Map<string, Uint8Array>();
  return materialise(stateDict(value, file), (ref) => {
    let data = cache.get(ref.key);
    if (data === undefined) {
      const entry = zip.get(`${prefix}data/${ref.key}`);
      if (entry === undefined) throw new CheckpointError(file, `zip: storage record "${prefix}data/${ref.key}" is missing`);
      data = zip.read(entry);
      const expected = ref.numel * DTYPE_BYTES[ref.dtype];
      if (data.byteLength !== expected) {
        throw new CheckpointError(file, `zip: storage "${ref.key}" has ${data.byteLength} bytes, expected ${ref.numel} × ${DTYPE_BYTES[ref.dtype]} = ${expected}`);
      }
      cache.set(ref.key, data);
    }
    return data;
  }, file);
}

const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;

/** A legacy (pre-1.6) torch.save file: magic, version, sys_info, object, keys, then raw storages. */
export function readTorchLegacy(bytes: Uint8Array, file: string): Map<string, RawTensor> {
  const none: UnpickleHooks = {
    persistentLoad: (_pid, offset) => {
      throw new CheckpointError(file, 'pickle: unexpected persistent id in the header', offset);
    },
    call: (fn, _args, offset) => {
      throw new CheckpointError(file, `pickle: ${fn.dotted} cannot be called in the header`, offset);
    },
  };
  const magic = unpickle(bytes, file, none, 0);
  if (magic.value !== LEGACY_MAGIC) throw new CheckpointError(file, 'invalid magic number; corrupt file?', 0);
  const version = unpickle(bytes, file, none, magic.end);
  if (version.value !== 1001) throw new CheckpointError(file, `legacy protocol version ${String(version.value)}, expected 1001`, magic.end);
  const sysInfo = unpickle(bytes, file, none, version.end);
  if (!(sysInfo.value instanceof Map) || sysInfo.value.get('little_endian') !== true) {
    throw new CheckpointError(file, 'sys_info is missing or says big-endian; only little-endian files are supported', version.end);
  }

  // Root storages by key; views (view_metadata) resolve to an element offset into their root.
  const roots = new Map<string, StorageRef>();
  const persistentLoad = (pid: unknown, offset: number): StorageRef => {
    const items = pid instanceof PyTuple ? pid.items : [];
    if (items[0] !== 'storage' || items.length !== 6) {
      throw new CheckpointError(file, `pickle: persistent id must be ('storage', type, key, location, numel, view), found ${items[0] === 'module' ? "a pickled module ('module', …)" : String(items[0])}`, offset);
    }
    const [, type, key, , count, view] = items;
    if (typeof key !== 'string') throw new CheckpointError(file, 'pickle: storage key is not a string', offset);
    const dtype = storageDtype(type, file, offset);
    const numel = checkedCount(count, 'storage numel', file, offset);
    let root = roots.get(key);
    if (root === undefined) roots.set(key, (root = { key, dtype, numel, viewOffset: 0 }));
    else if (root.dtype !== dtype || root.numel !== numel) throw new CheckpointError(file, `pickle: storage "${key}" is declared twice with different types or sizes`, offset);
    if (view === null) return root;
    const v = view instanceof PyTuple ? view.items : [];
    const viewOffset = checkedCount(v[1], 'view offset', file, offset);
    const viewSize = checkedCount(v[2], 'view size', file, offset);
    if (v.length !== 3 || viewOffset + viewSize > numel) throw new CheckpointError(file, `pickle: storage view of "${key}" is outside its root`, offset);
    return { key, dtype, numel: viewSize, viewOffset };
  };
  const object = unpickle(bytes, file, rebuildHooks(file, persistentLoad), sysInfo.end);
  const keys = unpickle(bytes, file, none, object.end);
  if (!Array.isArray(keys.value) || !keys.value.every((k) => typeof k === 'string')) {
    throw new CheckpointError(file, 'the storage key list is not a list of strings', object.end);
  }

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = new Map<string, Uint8Array>();
  let pos = keys.end;
  for (const key of keys.value as string[]) {
    const root = roots.get(key);
    if (root === undefined) throw new CheckpointError(file, `storage "${key}" follows the pickle but no tensor uses it`, pos);
    if (pos + 8 > bytes.byteLength) throw new CheckpointError(file, `storage "${key}" element count runs past the end (truncated?)`, pos);
    const count = view.getUint32(pos, true) + view.getUint32(pos + 4, true) * 2 ** 32;
    if (count !== root.numel) throw new CheckpointError(file, `storage "${key}" holds ${count} elements, the pickle says ${root.numel}`, pos);
    const length = count * DTYPE_BYTES[root.dtype];
    if (pos + 8 + length > bytes.byteLength) throw new CheckpointError(file, `storage "${key}" (${length} bytes) runs past the end of the file (truncated?)`, pos);
    // Legacy storages have no alignment: copy an unaligned one once so tensors can view it.
    const raw = bytes.subarray(pos + 8, pos + 8 + length);
    data.set(key, (raw.byteOffset % 8 === 0 ? raw : raw.slice()));
    pos += 8 + length;
  }
  if (pos !== bytes.byteLength) throw new CheckpointError(file, `${bytes.byteLength - pos} unexpected bytes after the last storage`, pos);
  return materialise(stateDict(object.value, file), (ref) => {
    const d = data.get(ref.key);
    if (d === undefined) throw new CheckpointError(file, `storage "${ref.key}" is used by a tensor but missing from the file`);
    return d;
  }, file);
}
