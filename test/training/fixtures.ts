// Our loss for each loss key of test/fixtures/training/batches.json, with the reference's settings.
import * as tf from '@tensorflow/tfjs-core';
import {
  AnglELoss, CachedMultipleNegativesRankingLoss, CoSENTLoss, ContrastiveLoss, CosineSimilarityLoss, MatryoshkaLoss, MSELoss,
  MultipleNegativesRankingLoss, OnlineContrastiveLoss, SoftmaxLoss, TripletLoss, type Loss, type LossBatch,
} from '../../src/training/losses/index.js';
import type { GoldenTensor } from '../helpers/goldens.js';
import { BATCHES, type ModelGoldens } from './goldens.js';

function tensorOf(g: GoldenTensor | undefined, what: string): tf.Tensor {
  if (g === undefined) throw new Error(`${what} is missing from the training goldens`);
  return tf.tensor(g.data, [...g.shape], g.dtype);
}

/** Our loss for a fixture key, with the reference's settings; the batch as our losses take it. */
export function lossFor(key: string, g: ModelGoldens): { loss: Loss; batch: LossBatch } {
  const b = BATCHES[key]!;
  const dim = g.meta.embedding_dimension;
  const columns = Object.values(b.columns);
  const batch: LossBatch = { columns, ...(b.labels === undefined ? {} : { labels: b.labels }) };
  switch (b.loss) {
    case 'CosineSimilarityLoss': return { loss: new CosineSimilarityLoss(), batch };
    case 'CoSENTLoss': return { loss: new CoSENTLoss(), batch };
    case 'AnglELoss': return { loss: new AnglELoss(), batch };
    case 'MultipleNegativesRankingLoss': return { loss: new MultipleNegativesRankingLoss(), batch };
    case 'CachedMultipleNegativesRankingLoss': return { loss: new CachedMultipleNegativesRankingLoss(b.mini_batch_size), batch };
    case 'TripletLoss': return { loss: new TripletLoss(), batch };
    case 'ContrastiveLoss': return { loss: new ContrastiveLoss(), batch };
    case 'OnlineContrastiveLoss': return { loss: new OnlineContrastiveLoss(), batch };
    case 'MatryoshkaLoss': return { loss: MatryoshkaLoss(new MultipleNegativesRankingLoss(), b.dims_divisors!.map((d) => dim / d)), batch };
    case 'MSELoss': {
      const label = g.tensors.get('mse/label')!;
      const rows = Array.from({ length: label.shape[0]! }, (_, i) => Array.from(label.data.subarray(i * dim, (i + 1) * dim)));
      return { loss: new MSELoss(), batch: { columns, labels: rows } };
    }
    case 'SoftmaxLoss': {
      const weight = tensorOf(g.tensors.get('softmax/init.classifier.weight'), 'softmax/init.classifier.weight') as tf.Tensor2D;
      const bias = tensorOf(g.tensors.get('softmax/init.classifier.bias'), 'softmax/init.classifier.bias') as tf.Tensor1D;
      const loss = new SoftmaxLoss(dim, b.num_labels!, { classifier: { weight, bias } });
      tf.dispose([weight, bias]);
      return { loss, batch };
    }
    default: throw new Error(`no loss for fixture key ${key} (${b.loss})`);
  }
}
