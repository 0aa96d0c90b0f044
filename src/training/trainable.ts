// Training mode for a module pipeline, torch's model.train() / model.eval(): train() swaps every
// weight for a tf.Variable (once: inference never pays for variables) and turns dropout on;
// eval() turns dropout off again and keeps the variables (their values are the trained weights).
// Names are the reference's named_parameters() with the Transformer's inner `model.` dropped:
// `0.embeddings.word_embeddings.weight`, `2.linear.weight` (test/reference/fixture_training.py).
import * as tf from '@tensorflow/tfjs-core';
import { Dropout } from '../nn/dropout.js';
import { LayerNorm } from '../nn/layer_norm.js';
import { parameterEntries, type ParameterEntry } from '../nn/parameters.js';
import { registerTrainingGradients } from './gradients.js';

export interface TrainableParameter {
  /** e.g. `0.encoder.layer.0.attention.self.query.weight`. */
  readonly name: string;
  readonly variable: tf.Variable;
  /** A Linear kernel held [in, out]: its checkpoint layout (and torch's gradient) is the transpose. */
  readonly transposed: boolean;
  /** Whether AdamW decays it (Trainer.get_decay_parameter_names: not a bias, not a norm). */
  readonly decay: boolean;
}

/** transformers Trainer.get_decay_parameter_names: names (lowercased) matching these are not decayed… */
const NO_DECAY_NAME = /bias|layernorm|rmsnorm|(?:^|\.)norm(?:$|\.)|_norm(?:$|\.)/;

/** …and neither is anything inside a LayerNorm module (DistilBERT's sa_layer_norm.weight). */
export function decays(name: string, owner: object): boolean {
  return !(owner instanceof LayerNorm) && !NO_DECAY_NAME.test(name.toLowerCase());
}

/** What a pipeline module exposes: the Transformer module holds its weights in `encoder`. */
interface ModuleLike {
  readonly encoder?: unknown;
}

/**
 * The weights of pipeline module `index` under the reference's names. The Transformer module's are
 * its encoder's (checkpoint names); a Dense module that holds its kernel as `weightT` [in, out]
 * (modules/dense.ts) reports it as `linear.weight`, transposed, and its bias as `linear.bias`.
 */
function moduleEntries(module: unknown, index: number): Array<ParameterEntry & { name: string }> {
  const root = (module as ModuleLike).encoder ?? module;
  return parameterEntries(root).map((e) => {
    if (root === module && e.key === 'weightT') return { ...e, name: `${index}.linear.weight`, transposed: true };
    if (root === module && e.name === 'bias' && 'weightT' in (module as object)) return { ...e, name: `${index}.linear.bias` };
    return { ...e, name: `${index}.${e.name}` };
  });
}

/** Every Dropout in the tree (the same walk as nn/parameters.ts, for non-tensor leaves). */
function dropouts(node: unknown, seen = new Set<object>(), out: Dropout[] = []): Dropout[] {
  if (typeof node !== 'object' || node === null || node instanceof tf.Tensor || seen.has(node)) return out;
  seen.add(node);
  if (node instanceof Dropout) out.push(node);
  else for (const child of Object.values(node)) dropouts(child, seen, out);
  return out;
}

/** Turns dropout on (training) or off for every module of the pipeline. */
export function setDropoutTraining(modules: readonly unknown[], training: boolean): void {
  for (const m of modules) for (const d of dropouts((m as ModuleLike).encoder ?? m)) d.training = training;
}

/**
 * The pipeline's weights as tf.Variables, swapping any plain tensor for a variable in place (the
 * variable takes over the tensor's data; nothing is copied). Registers the gradients training
 * needs (gradients.ts). Free them with the model (disposeModel / SentenceTransformer.dispose).
 */
export function trainableParameters(modules: readonly unknown[]): TrainableParameter[] {
  registerTrainingGradients();
  return modules.flatMap((m, i) => moduleEntries(m, i)).map((e) => {
    let variable: tf.Variable;
    if (e.tensor instanceof tf.Variable) {
      variable = e.tensor;
    } else {
      variable = tf.variable(e.tensor, true);
      (e.owner as Record<string, unknown>)[e.key] = variable;
      e.tensor.dispose(); // the variable holds its own reference to the data
    }
    return { name: e.name, variable, transposed: e.transposed, decay: decays(e.name, e.owner) };
  });
}
