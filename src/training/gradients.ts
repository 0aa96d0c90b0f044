// The gradients training needs, registered with tf.registerGradient. tfjs-core ships its gradient
// configs only as side-effect modules of its unbundled ESM build (dist/register_all_gradients.js,
// with extensionless imports Node's ESM loader cannot resolve), and its Node entry
// (dist/tf-core.node.js) has none, so tf.grad fails on the first op ("gradient function not
// found for Sum"). These are the configs for every kernel an encoder, the pooling and Dense
// modules and the losses in src/training/losses run, written from tfjs-core's public ops with the
// same math as tfjs-core 4.22's own (node_modules/@tensorflow/tfjs-core/dist/gradients/). A
// kernel that already has a gradient (an app that imported the @tensorflow/tfjs umbrella) keeps it.
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';
import { registerFusedGradients } from './fused_gradients.js';

type Grads = Record<string, () => Tensor>;

/** Sums a gradient over the axes `shape` was broadcast along, back to `shape`. */
function unbroadcast(g: Tensor, shape: number[], outShape: number[]): Tensor {
  const axes = tf.broadcast_util.getReductionAxes(shape, outShape);
  return tf.reshape(axes.length > 0 ? tf.sum(g, axes) : g, shape);
}

/** Element-wise binary op: the gradient of each input before unbroadcasting. */
function binary(kernelName: string, da: (dy: Tensor, a: Tensor, b: Tensor) => Tensor, db: (dy: Tensor, a: Tensor, b: Tensor) => Tensor): GradConfig {
  return {
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as [Tensor, Tensor];
      const d = dy as Tensor;
      const out = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
      return { a: () => unbroadcast(da(d, a, b), a.shape, out), b: () => unbroadcast(db(d, a, b), b.shape, out) };
    },
  };
}

/** Unary op whose gradient is a function of dy and the saved input x. */
function unaryOfInput(kernelName: string, dx: (dy: Tensor, x: Tensor, attrs: NamedAttrMap) => Tensor): GradConfig {
  return { kernelName, inputsToSave: ['x'], gradFunc: (dy, [x], attrs) => ({ x: () => dx(dy as Tensor, x!, attrs) }) };
}

/** Unary op whose gradient is a function of dy and the saved output y. */
function unaryOfOutput(kernelName: string, dx: (dy: Tensor, y: Tensor) => Tensor): GradConfig {
  return { kernelName, outputsToSave: [true], gradFunc: (dy, [y]) => ({ x: () => dx(dy as Tensor, y!) }) };
}

/**
 * Ops with no useful derivative (comparisons, rounding, argmax): zero for every input. They sit
 * on the tape between a parameter and the loss when a mask is computed from the values (the
 * OnlineContrastiveLoss selection, Maximum's own gradient), and tfjs backpropagates through
 * every recorded op on the path.
 */
function zeroGradient(kernelName: string, inputs: string[]): GradConfig {
  return {
    kernelName,
    inputsToSave: inputs,
    gradFunc: (_dy, saved) => Object.fromEntries(inputs.map((name, i) => [name, () => tf.zeros(saved[i]!.shape)])) as Grads,
  };
}

/** Reduction gradient (Sum, Mean): dy broadcast back over the reduced axes of x. */
function expandReduced(dy: Tensor, x: Tensor, axis: number | number[]): Tensor {
  const axes = tf.util.parseAxisParam(axis, x.shape);
  const kept = x.shape.map((n, i) => (axes.includes(i) ? 1 : n));
  return tf.mul(tf.reshape(dy, kept), tf.ones(x.shape));
}

/** Max / Min: dy goes to the elements equal to the result (all of them on ties, as tfjs does). */
function minMax(kernelName: string, axisAttr: string): GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, [x, y], attrs) => {
      const axes = tf.util.parseAxisParam(attrs[axisAttr] as number | number[], x!.shape);
      const kept = x!.shape.map((n, i) => (axes.includes(i) ? 1 : n));
      return { x: () => tf.mul(tf.reshape(dy as Tensor, kept), tf.cast(tf.equal(x!, tf.reshape(y!, kept)), 'float32')) };
    },
  };
}

const CONFIGS: GradConfig[] = [
  binary(tf.Add, (dy) => dy, (dy) => dy),
  binary(tf.Sub, (dy) => dy, (dy) => tf.neg(dy)),
  binary(tf.Multiply, (dy, _a, b) => tf.mul(dy, b), (dy, a) => tf.mul(dy, a)),
  binary(tf.RealDiv, (dy, _a, b) => tf.div(dy, b), (dy, a, b) => tf.neg(tf.div(tf.mul(dy, a), tf.square(b)))),
  binary(tf.Maximum, (dy, a, b) => tf.mul(dy, tf.cast(tf.greaterEqual(a, b), 'float32')), (dy, a, b) => tf.mul(dy, tf.cast(tf.less(a, b), 'float32'))),
  binary(tf.Minimum, (dy, a, b) => tf.mul(dy, tf.cast(tf.lessEqual(a, b), 'float32')), (dy, a, b) => tf.mul(dy, tf.cast(tf.greater(a, b), 'float32'))),
  binary(tf.SquaredDifference, (dy, a, b) => tf.mul(dy, tf.mul(2, tf.sub(a, b))), (dy, a, b) => tf.mul(dy, tf.mul(2, tf.sub(b, a)))),
  {
    kernelName: tf.Pow,
    inputsToSave: ['a', 'b'],
    outputsToSave: [true],
    gradFunc: (dy, [a, b, y]) => {
      const out = tf.broadcast_util.assertAndGetBroadcastShape(a!.shape, b!.shape);
      const d = dy as Tensor;
      const exponent = tf.cast(b!, 'float32');
      return {
        a: () => unbroadcast(tf.mul(d, tf.mul(exponent, tf.pow(a!, tf.sub(exponent, 1)))), a!.shape, out),
        b: () => unbroadcast(tf.mul(d, tf.mul(y!, tf.where(tf.greater(a!, 0), tf.log(a!), tf.zerosLike(a!)))), b!.shape, out),
      };
    },
  },
  {
    kernelName: tf.BatchMatMul,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b], attrs) => {
      const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
      const d = dy as Tensor;
      if (!transposeA && !transposeB) return { a: () => tf.matMul(d, b!, false, true), b: () => tf.matMul(a!, d, true, false) };
      if (!transposeA && transposeB) return { a: () => tf.matMul(d, b!, false, false), b: () => tf.matMul(d, a!, true, false) };
      if (transposeA && !transposeB) return { a: () => tf.matMul(b!, d, false, true), b: () => tf.matMul(a!, d, false, false) };
      return { a: () => tf.matMul(b!, d, true, true), b: () => tf.matMul(d, a!, true, true) };
    },
  },
  { kernelName: tf.Reshape, inputsToSave: ['x'], gradFunc: (dy, [x]) => ({ x: () => tf.reshape(dy as Tensor, x!.shape) }) },
  { kernelName: tf.ExpandDims, inputsToSave: ['input'], gradFunc: (dy, [x]) => ({ input: () => tf.reshape(dy as Tensor, x!.shape) }) },
  {
    kernelName: tf.Transpose,
    gradFunc: (dy, _saved, attrs) => {
      const perm = attrs['perm'] as number[];
      const undo = perm.map((_, i) => perm.indexOf(i));
      return { x: () => tf.transpose(dy as Tensor, undo) };
    },
  },
  {
    // Embedding lookups: gather along axis 0 (batchDims 0). The table's gradient is the rows of dy
    // summed into the rows they were read from; ScatterNd sums repeated indices and, unlike
    // UnsortedSegmentSum, is a kernel of every backend (wasm included).
    kernelName: tf.GatherV2,
    inputsToSave: ['x', 'indices'],
    gradFunc: (dy, [x, indices], attrs) => {
      const axis = tf.util.parseAxisParam(attrs['axis'] as number, x!.shape)[0]!;
      if (axis !== 0 || (attrs['batchDims'] as number) !== 0) throw new Error(`GatherV2 gradient: only axis 0 without batch dims is supported, found axis ${axis}, batchDims ${String(attrs['batchDims'])}`);
      const rows = x!.shape[0]!;
      const inner = x!.shape.slice(1);
      return {
        x: () => tf.scatterND(tf.reshape(indices!, [indices!.size, 1]), tf.reshape(dy as Tensor, [indices!.size, ...inner]), [rows, ...inner]),
        indices: () => tf.zeros(indices!.shape),
      };
    },
  },
  {
    // CLS pooling's row pick (functional/pooling.ts clsPool); tfjs-core has no GatherNd gradient.
    kernelName: tf.GatherNd,
    inputsToSave: ['params', 'indices'],
    gradFunc: (dy, [params, indices]) => ({
      params: () => tf.scatterND(indices!, dy as Tensor, params!.shape),
      indices: () => tf.zeros(indices!.shape),
    }),
  },
  {
    kernelName: tf.Softmax,
    outputsToSave: [true],
    gradFunc: (dy, [y], attrs) => {
      const dyTimesY = tf.mul(dy as Tensor, y!);
      return { logits: () => tf.sub(dyTimesY, tf.mul(tf.sum(dyTimesY, [attrs['dim'] as number], true), y!)) };
    },
  },
  { kernelName: tf.Sum, inputsToSave: ['x'], gradFunc: (dy, [x], attrs) => ({ x: () => expandReduced(dy as Tensor, x!, attrs['axis'] as number[]) }) },
  {
    kernelName: tf.Mean,
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => {
      const axes = tf.util.parseAxisParam(attrs['axis'] as number[], x!.shape);
      const count = axes.reduce((n, a) => n * x!.shape[a]!, 1);
      return { x: () => tf.div(expandReduced(dy as Tensor, x!, axes), count) };
    },
  },
  minMax(tf.Max, 'reductionIndices'),
  minMax(tf.Min, 'axis'),
  unaryOfInput(tf.Square, (dy, x) => tf.mul(dy, tf.mul(x, 2))),
  unaryOfInput(tf.Sqrt, (dy, x) => tf.div(dy, tf.mul(tf.sqrt(x), 2))),
  unaryOfInput(tf.Rsqrt, (dy, x) => tf.neg(tf.div(dy, tf.mul(tf.pow(x, 1.5), 2)))),
  unaryOfInput(tf.Erf, (dy, x) => tf.mul(dy, tf.mul(tf.exp(tf.neg(tf.square(x))), 2 / Math.sqrt(Math.PI)))),
  unaryOfInput(tf.Log, (dy, x) => tf.div(dy, x)),
  unaryOfInput(tf.Abs, (dy, x) => tf.mul(dy, tf.step(x, -1))),
  unaryOfInput(tf.Relu, (dy, x) => tf.mul(dy, tf.step(x))),
  unaryOfInput(tf.LeakyRelu, (dy, x, attrs) => tf.where(tf.greater(x, 0), dy, tf.mul(dy, attrs['alpha'] as number))),
  unaryOfInput(tf.Softplus, (dy, x) => tf.mul(dy, tf.sigmoid(x))),
  unaryOfInput(tf.ClipByValue, (dy, x, attrs) => tf.where(
    tf.logicalAnd(tf.greaterEqual(x, attrs['clipValueMin'] as number), tf.lessEqual(x, attrs['clipValueMax'] as number)), dy, tf.zerosLike(dy))),
  unaryOfOutput(tf.Exp, (dy, y) => tf.mul(dy, y)),
  unaryOfOutput(tf.Tanh, (dy, y) => tf.mul(tf.sub(1, tf.square(y)), dy)),
  unaryOfOutput(tf.Sigmoid, (dy, y) => tf.mul(dy, tf.mul(y, tf.sub(1, y)))),
  unaryOfOutput(tf.Elu, (dy, y) => tf.engine().runKernel(tf.EluGrad, { dy, y }) as Tensor),
  { kernelName: tf.Neg, gradFunc: (dy) => ({ x: () => tf.neg(dy as Tensor) }) },
  { kernelName: tf.Cast, gradFunc: (dy) => ({ x: () => tf.clone(dy as Tensor) }) },
  { kernelName: tf.Identity, gradFunc: (dy) => ({ x: () => tf.cast(dy as Tensor, 'float32') }) },
  {
    kernelName: tf.Concat,
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const axis = tf.util.parseAxisParam(attrs['axis'] as number, saved[0]!.shape)[0]!;
      return tf.split(dy as Tensor, saved.map((t) => t.shape[axis]!), axis).map((t) => () => t) as unknown as Grads;
    },
  },
  {
    kernelName: tf.Pack,
    saveAllInputs: true,
    gradFunc: (dy, _saved, attrs) => tf.unstack(dy as Tensor, attrs['axis'] as number).map((t) => () => t) as unknown as Grads,
  },
  { kernelName: tf.Unpack, gradFunc: (dy, _saved, attrs) => ({ value: () => tf.stack(dy as Tensor[], attrs['axis'] as number) }) },
  { kernelName: tf.SplitV, gradFunc: (dy, _saved, attrs) => ({ x: () => tf.concat(dy as Tensor[], attrs['axis'] as number) }) },
  {
    kernelName: tf.Slice,
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => {
      const [begin, size] = tf.slice_util.parseSliceParams(x!, attrs['begin'] as number[], attrs['size'] as number[]) as [number[], number[]];
      return { x: () => tf.pad(dy as Tensor, x!.shape.map((n, i) => [begin[i]!, n - begin[i]! - size[i]!] as [number, number])) };
    },
  },
  {
    kernelName: tf.Select,
    inputsToSave: ['condition'],
    gradFunc: (dy, [condition]) => ({
      condition: () => tf.zeros(condition!.shape),
      t: () => tf.mul(dy as Tensor, tf.cast(condition!, 'float32')),
      e: () => tf.mul(dy as Tensor, tf.cast(tf.logicalNot(condition!), 'float32')),
    }),
  },
  {
    // Tiling x by reps: dy summed over the copies ([r0, n0, r1, n1, …] then the r axes).
    kernelName: tf.Tile,
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => {
      const reps = attrs['reps'] as number[];
      const split = x!.shape.flatMap((n, i) => [reps[i]!, n]);
      return { x: () => tf.sum(tf.reshape(dy as Tensor, split), reps.map((_, i) => 2 * i)) };
    },
  },
  ...[tf.Less, tf.LessEqual, tf.Greater, tf.GreaterEqual, tf.Equal, tf.NotEqual, tf.LogicalAnd, tf.LogicalOr].map((k) => zeroGradient(k, ['a', 'b'])),
  ...[tf.LogicalNot, tf.Floor, tf.Step, tf.Sign, tf.Round, tf.ZerosLike, tf.OnesLike, tf.ArgMax, tf.ArgMin].map((k) => zeroGradient(k, ['x'])),
];

let registered = false;

/**
 * Registers every gradient above (and the fused kernels' ones, fused_gradients.ts) for kernels
 * that have none yet. Idempotent; src/training/trainable.ts calls it when a model starts training.
 */
export function registerTrainingGradients(): void {
  if (registered) return;
  for (const config of CONFIGS) {
    if (tf.getGradient(config.kernelName) === undefined) tf.registerGradient(config);
  }
  registerFusedGradients();
  registered = true;
}
