// The losses of sentence_transformers.losses this project implements, under the reference's names.
export { EmbeddingLoss, logSumExp, type Embedder, type Labels, type Loss, type LossAndGradients, type LossBatch } from './loss.js';
export { CosineSimilarityLoss } from './cosine_similarity.js';
export { AnglELoss, CoSENTLoss, pairwiseAngleSim, type PairwiseSimilarity } from './cosent.js';
export { CachedMultipleNegativesRankingLoss, MultipleNegativesRankingLoss, type SimilarityMatrix } from './multiple_negatives_ranking.js';
export { SoftmaxLoss, type SoftmaxLossOptions } from './softmax.js';
export { TRIPLET_DISTANCES, TripletLoss, type PairwiseDistance } from './triplet.js';
export { ContrastiveLoss, OnlineContrastiveLoss, SIAMESE_DISTANCES } from './contrastive.js';
export { MSELoss } from './mse.js';
export { MatryoshkaLoss } from './matryoshka.js';
