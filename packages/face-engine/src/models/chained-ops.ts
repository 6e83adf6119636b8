// face-api calls chained tensor methods (`t.as3D(...)`, `t.toFloat()`), which
// tfjs-core's Node bundle does not register (the umbrella `@tensorflow/tfjs`
// package normally does). This adds them to the shared Tensor class the way
// tfjs-core's own `public/chained_ops` files define them.
import * as tf from '@tensorflow/tfjs-core';

type AnyFn = (...args: unknown[]) => unknown;
type TensorLike = tf.Tensor & { throwIfDisposed?: () => void };

const SAME_NAME = `abs acos acosh add all any argMax argMin asin asinh atan atan2 atanh avgPool batchToSpaceND
  batchNorm broadcastTo cast ceil clipByValue conv1d conv2d conv2dTranspose cos cosh cumprod cumsum depthToSpace
  depthwiseConv2d dilation2d div divNoNan dot elu equal erf euclideanNorm exp expandDims expm1 fft floor floorDiv
  gather greater greaterEqual ifft irfft isFinite isInf isNaN leakyRelu less lessEqual localResponseNormalization
  log log1p logSigmoid logSoftmax logSumExp logicalAnd logicalNot logicalOr logicalXor matMul max maxPool maximum
  mean min minimum mirrorPad mod mul neg norm notEqual oneHot onesLike pad pool pow prelu prod reciprocal relu relu6
  reshape reverse rfft round rsqrt selu separableConv2d sigmoid sign sin sinh slice softmax softplus spaceToBatchND
  split sqrt square squaredDifference squeeze step stridedSlice sub sum tan tanh tile topk transpose unique
  unsortedSegmentSum unstack zerosLike`.split(/\s+/);

let installed = false;

export function installChainedOps(): void {
  if (installed) return;
  installed = true;
  const proto = tf.Tensor.prototype as unknown as Record<string, AnyFn>;
  const ops = tf as unknown as Record<string, AnyFn>;
  const define = (name: string, fn: (self: TensorLike, ...args: unknown[]) => unknown): void => {
    if (typeof proto[name] === 'function') return;
    proto[name] = function (this: TensorLike, ...args: unknown[]) {
      this.throwIfDisposed?.();
      return fn(this, ...args);
    };
  };
  for (const name of SAME_NAME) {
    const op = ops[name];
    if (typeof op === 'function') define(name, (self, ...args) => op(self, ...args));
  }
  define('as1D', (s) => tf.reshape(s, [s.size]));
  define('as2D', (s, ...d) => tf.reshape(s, d as number[]));
  define('as3D', (s, ...d) => tf.reshape(s, d as number[]));
  define('as4D', (s, ...d) => tf.reshape(s, d as number[]));
  define('as5D', (s, ...d) => tf.reshape(s, d as number[]));
  define('asScalar', (s) => tf.reshape(s, []));
  define('flatten', (s) => tf.reshape(s, [s.size]));
  define('reshapeAs', (s, x) => tf.reshape(s, (x as tf.Tensor).shape));
  define('asType', (s, dtype) => tf.cast(s, dtype as tf.DataType));
  define('toFloat', (s) => tf.cast(s, 'float32'));
  define('toInt', (s) => tf.cast(s, 'int32'));
  define('toBool', (s) => tf.cast(s, 'bool'));
  define('concat', (s, x, axis) => tf.concat([s, ...(Array.isArray(x) ? x : [x])] as tf.Tensor[], axis as number | undefined));
  define('stack', (s, x, axis) => tf.stack([s, ...(Array.isArray(x) ? x : [x])] as tf.Tensor[], axis as number | undefined));
  define('where', (s, cond, x) => tf.where(cond as tf.Tensor, s, x as tf.Tensor));
  define('resizeBilinear', (s, ...a) => (tf.image.resizeBilinear as unknown as AnyFn)(s, ...a));
  define('resizeNearestNeighbor', (s, ...a) => (tf.image.resizeNearestNeighbor as unknown as AnyFn)(s, ...a));
}
