/**
 * tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel, so a conv net cannot be trained on it
 * ("Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'"). This registers one, for the
 * case this probe needs (NHWC, stride 1, dilation 1, 'same' or 'valid' padding, odd square kernel),
 * built from kernels wasm does have: the 'same'-padded input is cut into kh*kw shifted slices,
 * concatenated along channels (an im2col of [N*H*W, kh*kw*Cin]) and multiplied with dy
 * ([N*H*W, Cout]) in one matmul: dW = im2col^T dy, reshaped to [kh, kw, Cin, Cout].
 * Only the backward pass calls it (the tape is off then), so the tf ops inside are not recorded.
 */
import * as tf from '@tensorflow/tfjs';

export function registerWasmConv2DBackpropFilter(): void {
  registerFastBackpropInput();
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs }) => {
      const { x, dy } = inputs as { x: tf.Tensor4D; dy: tf.Tensor4D };
      const { strides, pad, dataFormat, filterShape, dilations } = attrs as unknown as {
        strides: number | [number, number];
        pad: string | number;
        dataFormat: string;
        filterShape: [number, number, number, number];
        dilations?: number | [number, number];
      };
      const s = typeof strides === 'number' ? [strides, strides] : strides;
      const d = dilations === undefined ? [1, 1] : typeof dilations === 'number' ? [dilations, dilations] : dilations;
      const [kh, kw, cin, cout] = filterShape;
      if (s[0] !== 1 || s[1] !== 1 || d[0] !== 1 || d[1] !== 1 || dataFormat !== 'NHWC' || (pad !== 'same' && pad !== 'valid') || kh % 2 !== 1 || kw % 2 !== 1) {
        throw new Error(`wasm Conv2DBackpropFilter: unsupported ${JSON.stringify({ strides, dilations, pad, dataFormat, filterShape })}`);
      }
      return tf.tidy(() => {
        const [n, h, w] = x.shape;
        const [, oh, ow] = dy.shape;
        const xp = pad === 'same' ? tf.pad(x, [[0, 0], [(kh - 1) / 2, (kh - 1) / 2], [(kw - 1) / 2, (kw - 1) / 2], [0, 0]]) : x;
        const cols: tf.Tensor4D[] = [];
        for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) cols.push(tf.slice(xp, [0, i, j, 0], [n, oh, ow, cin]));
        const im2col = tf.reshape(tf.concat(cols, 3), [n * oh * ow, kh * kw * cin]);
        void h;
        void w;
        const g = tf.matMul(im2col, tf.reshape(dy, [n * oh * ow, cout]), true, false);
        return tf.reshape(g, [kh, kw, cin, cout]);
      });
    },
  });
}

/**
 * wasm's own Conv2DBackpropInput is a plain C++ loop (no XNNPACK); for stride 1 and 'same' padding
 * dx is the 'same' conv of dy with the kernel flipped in space and transposed in/out channels, which
 * wasm runs as a fast XNNPACK Conv2D. Other cases fall back to the original kernel.
 */
let original: tf.KernelConfig | undefined;
function registerFastBackpropInput(): void {
  if (original) return;
  original = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (!original) return;
  const fallback = original.kernelFunc;
  tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  tf.registerKernel({
    ...original,
    kernelFunc: (args) => {
      const { dy, filter } = args.inputs as { dy: tf.Tensor4D; filter: tf.Tensor4D };
      const { strides, pad, dataFormat, dilations } = args.attrs as unknown as { strides: number | [number, number]; pad: string | number; dataFormat: string; dilations?: number | [number, number] };
      const s = typeof strides === 'number' ? [strides, strides] : strides;
      const d = dilations === undefined ? [1, 1] : typeof dilations === 'number' ? [dilations, dilations] : dilations;
      const [kh, kw] = filter.shape;
      if (s[0] !== 1 || s[1] !== 1 || d[0] !== 1 || d[1] !== 1 || dataFormat !== 'NHWC' || pad !== 'same' || kh % 2 !== 1 || kw % 2 !== 1) return fallback(args);
      return tf.tidy(() => tf.conv2d(dy, tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D, 1, 'same'));
    },
  });
}
