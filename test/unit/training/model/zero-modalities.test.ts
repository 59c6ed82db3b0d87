import { describe, expect, it } from 'vitest';
import { initTf } from '../../../../main/training/tf/backend.ts';
import { createNet } from '../../../../main/training/model/params.ts';
import { forward } from '../../../../main/training/model/forward.ts';
import { modelSpec } from '../../../../main/training/model/spec.ts';
import { parseConfig } from '../../../../main/training/config.ts';
import { createRng } from '../../../../main/core/rng.ts';
import type { Tensor3D } from '../../../../main/training/tf/backend.ts';

describe('forward with zero modalities', () => {
  it('gives exactly the per-sample result when an all-zero modality is encoded once and repeated', async () => {
    const { tf } = await initTf();
    const cfg = parseConfig({ model: { d: 8, layers: 1, heads: 2 } });
    const spec = modelSpec(cfg.model, 6, { l: 5, a: 3, v: 4 });
    const net = createNet(tf, spec, createRng(3));
    const B = 4;
    const rng = createRng(9);
    const l = tf.tensor3d(Array.from({ length: B * 6 * 5 }, () => rng.normal()), [B, 6, 5]) as Tensor3D;
    const a = tf.zeros([B, 6, 3]) as Tensor3D;
    const v = tf.zeros([B, 6, 4]) as Tensor3D;
    const full = forward(net, { l, a, v });
    const fast = forward(net, { l, a, v }, { zeroModalities: ['a', 'v'] });
    const diff = tf.max(tf.abs(tf.sub(full.logits, fast.logits))).dataSync()[0] as number;
    expect(diff).toBeLessThan(1e-6);
    expect(Array.from(fast.H.shape)).toEqual([B, 3 * 8]);
    for (const o of [full, fast]) tf.dispose([o.logits, o.probs, o.score, o.H, o.z.l, o.z.a, o.z.v]);
    tf.dispose([l, a, v]);
  });
});
