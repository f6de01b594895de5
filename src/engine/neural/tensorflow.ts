import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';

/**
 * TensorFlow.js on its pure-JavaScript CPU backend: the same kernels, hence the same training, in the
 * browser worker and in Node. Production mode skips per-op NaN checks and the "install tfjs-node" notice.
 */
tf.enableProdMode();

export { tf };
