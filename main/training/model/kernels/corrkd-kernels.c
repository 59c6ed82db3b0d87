/*
 * CorrKD training kernels for tfjs's wasm backend (main/training/README.md, "Speed").
 *
 * Built with clang's wasm32 target and SIMD128 (build-wasm.sh); the module imports the tfjs
 * backend's own memory, so every pointer here is a tfjs tensor's byte offset in that memory and
 * nothing is copied. The code uses no linear-memory stack and no static data (build-wasm.sh checks
 * both), so it never writes outside the buffers it is given. float32 arithmetic throughout, no
 * fused multiply-add: results are the same on every machine.
 *
 * Layouts are row-major. Dropout masks follow model/kernels/mask-stream.ts: element n of a masked
 * tensor is kept (value `keep`) when mulberry32's output for state seed + (n + 1) * 0x6d2b79f5 is
 * >= thr (thr = ceil(rate * 2^32)), else 0.
 */
#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name))) name
#define NEG_INF (-__builtin_inff())

static const uint32_t MULBERRY_STEP = 0x6d2b79f5u;

/* mask values of elements n0 .. n0 + 3 */
static inline v128_t mask4(uint32_t seed, uint32_t n0, uint32_t thr, float keep) {
  v128_t n = wasm_i32x4_add(wasm_i32x4_splat((int32_t)(n0 + 1u)), wasm_i32x4_make(0, 1, 2, 3));
  v128_t s = wasm_i32x4_add(wasm_i32x4_splat((int32_t)seed), wasm_i32x4_mul(n, wasm_i32x4_splat((int32_t)MULBERRY_STEP)));
  v128_t t = wasm_i32x4_mul(wasm_v128_xor(s, wasm_u32x4_shr(s, 15)), wasm_v128_or(s, wasm_i32x4_splat(1)));
  v128_t t2 = wasm_i32x4_mul(wasm_v128_xor(t, wasm_u32x4_shr(t, 7)), wasm_v128_or(t, wasm_i32x4_splat(61)));
  t = wasm_v128_xor(t, wasm_i32x4_add(t, t2));
  v128_t r = wasm_v128_xor(t, wasm_u32x4_shr(t, 14));
  return wasm_v128_and(wasm_u32x4_ge(r, wasm_i32x4_splat((int32_t)thr)), wasm_f32x4_splat(keep));
}

/* mask value of element n */
static inline float mask1(uint32_t seed, uint32_t n, uint32_t thr, float keep) {
  uint32_t s = seed + (n + 1u) * MULBERRY_STEP;
  uint32_t t = (s ^ (s >> 15)) * (s | 1u);
  t ^= t + (t ^ (t >> 7)) * (t | 61u);
  return ((t ^ (t >> 14)) >= thr) ? keep : 0.0f;
}

/* e^x for x <= 0 (Cephes expf: range reduction by ln 2, degree-5 polynomial; rel. error ~1e-7) */
static inline v128_t exp4(v128_t x) {
  x = wasm_f32x4_max(x, wasm_f32x4_splat(-87.0f));
  v128_t fx = wasm_f32x4_nearest(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)));
  x = wasm_f32x4_sub(x, wasm_f32x4_mul(fx, wasm_f32x4_splat(0.693359375f)));
  x = wasm_f32x4_sub(x, wasm_f32x4_mul(fx, wasm_f32x4_splat(-2.12194440e-4f)));
  v128_t z = wasm_f32x4_mul(x, x);
  v128_t y = wasm_f32x4_splat(1.9875691500e-4f);
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(1.3981999507e-3f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(8.3334519073e-3f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(4.1665795894e-2f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(1.6666665459e-1f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(5.0000001201e-1f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, z), wasm_f32x4_add(x, wasm_f32x4_splat(1.0f)));
  v128_t pow2n = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(fx), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(y, pow2n);
}

static inline float hsum(v128_t v) {
  return (wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1)) + (wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3));
}

static inline float hmax(v128_t v) {
  float a = wasm_f32x4_extract_lane(v, 0), b = wasm_f32x4_extract_lane(v, 1);
  float c = wasm_f32x4_extract_lane(v, 2), d = wasm_f32x4_extract_lane(v, 3);
  float ab = a > b ? a : b, cd = c > d ? c : d;
  return ab > cd ? ab : cd;
}

static inline int pad4(int n) { return (n + 3) & ~3; }

/* (sample b, head h) columns of K and V, transposed into [dh][Tp] with zero padding */
static void load_kv(const float* qkv, int ld, int d, int hc, int T, int Tp, int dh, float* Kt, float* Vt) {
  for (int c = 0; c < dh; c++) {
    for (int j = 0; j < T; j++) {
      Kt[c * Tp + j] = qkv[hc + j * ld + d + c];
      Vt[c * Tp + j] = qkv[hc + j * ld + 2 * d + c];
    }
    for (int j = T; j < Tp; j++) Kt[c * Tp + j] = Vt[c * Tp + j] = 0.0f;
  }
}

/*
 * Multi-head self-attention core. qkv: [B*T, ld] rows holding q (columns 0..d-1), k (d..2d-1) and
 * v (2d..3d-1), head h owning columns h*dh..h*dh+dh-1 of each. Per (b, h):
 *   P = softmax(scale * Q K^T)  (stored, [B*H, T, T]),  A = P * mask,  out = A V  ([B*T, d]).
 * scratch: 2 * dh * Tp + 2 * Tp floats (Tp = T rounded up to 4).
 */
void EXPORT(attention_forward)(const float* qkv, int ld, float* out, float* P, int B, int T, int H, int dh, float scale,
                               int has_drop, uint32_t seed, uint32_t thr, float keep, float* scratch) {
  const int d = H * dh, Tp = pad4(T);
  float* Kt = scratch;
  float* Vt = Kt + dh * Tp;
  float* row = Vt + dh * Tp;
  float* arow = row + Tp;
  for (int b = 0; b < B; b++) {
    for (int h = 0; h < H; h++) {
      const int hc = b * T * ld + h * dh;
      const int oc = b * T * d + h * dh;
      load_kv(qkv, ld, d, hc, T, Tp, dh, Kt, Vt);
      const uint32_t pBase = (uint32_t)((b * H + h) * T) * (uint32_t)T;
      for (int i = 0; i < T; i++) {
        const float* qi = qkv + hc + i * ld;
        for (int j = 0; j < Tp; j += 4) {
          v128_t acc = wasm_f32x4_splat(0.0f);
          for (int c = 0; c < dh; c++) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_f32x4_splat(qi[c]), wasm_v128_load(Kt + c * Tp + j)));
          wasm_v128_store(row + j, wasm_f32x4_mul(acc, wasm_f32x4_splat(scale)));
        }
        for (int j = T; j < Tp; j++) row[j] = NEG_INF;
        v128_t vmax = wasm_f32x4_splat(NEG_INF);
        for (int j = 0; j < Tp; j += 4) vmax = wasm_f32x4_max(vmax, wasm_v128_load(row + j));
        const v128_t mx = wasm_f32x4_splat(hmax(vmax));
        v128_t vs = wasm_f32x4_splat(0.0f);
        for (int j = 0; j < Tp; j += 4) {
          v128_t e = exp4(wasm_f32x4_sub(wasm_v128_load(row + j), mx));
          if (j + 4 > T) e = wasm_v128_and(e, wasm_i32x4_lt(wasm_i32x4_add(wasm_i32x4_splat(j), wasm_i32x4_make(0, 1, 2, 3)), wasm_i32x4_splat(T)));
          wasm_v128_store(row + j, e);
          vs = wasm_f32x4_add(vs, e);
        }
        const v128_t sum = wasm_f32x4_splat(hsum(vs));
        const uint32_t rowBase = pBase + (uint32_t)(i * T);
        for (int j = 0; j < Tp; j += 4) {
          v128_t p = wasm_f32x4_div(wasm_v128_load(row + j), sum);
          wasm_v128_store(row + j, p);
          wasm_v128_store(arow + j, has_drop ? wasm_f32x4_mul(p, mask4(seed, rowBase + (uint32_t)j, thr, keep)) : p);
        }
        for (int j = 0; j < T; j++) P[rowBase + j] = row[j];
        float* oi = out + oc + i * d;
        for (int c = 0; c < dh; c++) {
          v128_t acc = wasm_f32x4_splat(0.0f);
          for (int j = 0; j < Tp; j += 4) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(arow + j), wasm_v128_load(Vt + c * Tp + j)));
          oi[c] = hsum(acc);
        }
      }
    }
  }
}

/*
 * Gradient of attention_forward: dout [B*T, d] -> dqkv [B*T, ld] (same column layout as qkv):
 *   dA = dout V^T, dV = A^T dout, dP = dA * mask, dS = P * (dP - rowsum(dP * P)),
 *   dQ = scale dS K, dK = scale dS^T Q.
 * scratch: 4 * dh * Tp + 2 * Tp floats.
 */
void EXPORT(attention_backward)(const float* dout, const float* qkv, int ld, const float* P, float* dqkv, int B, int T, int H, int dh,
                                float scale, int has_drop, uint32_t seed, uint32_t thr, float keep, float* scratch) {
  const int d = H * dh, Tp = pad4(T);
  float* Kt = scratch;
  float* Vt = Kt + dh * Tp;
  float* gKt = Vt + dh * Tp;
  float* gVt = gKt + dh * Tp;
  float* prow = gVt + dh * Tp;
  float* grow = prow + Tp;
  const v128_t vscale = wasm_f32x4_splat(scale);
  for (int b = 0; b < B; b++) {
    for (int h = 0; h < H; h++) {
      const int hc = b * T * ld + h * dh;
      const int oc = b * T * d + h * dh;
      load_kv(qkv, ld, d, hc, T, Tp, dh, Kt, Vt);
      for (int j = 0; j < dh * Tp; j++) gKt[j] = gVt[j] = 0.0f;
      const uint32_t pBase = (uint32_t)((b * H + h) * T) * (uint32_t)T;
      for (int i = 0; i < T; i++) {
        const uint32_t rowBase = pBase + (uint32_t)(i * T);
        for (int j = 0; j < T; j++) prow[j] = P[rowBase + j];
        for (int j = T; j < Tp; j++) prow[j] = 0.0f;
        const float* doi = dout + oc + i * d;
        const float* qi = qkv + hc + i * ld;
        v128_t vdot = wasm_f32x4_splat(0.0f);
        for (int j = 0; j < Tp; j += 4) {
          const v128_t m = has_drop ? mask4(seed, rowBase + (uint32_t)j, thr, keep) : wasm_f32x4_splat(1.0f);
          const v128_t p = wasm_v128_load(prow + j);
          v128_t da = wasm_f32x4_splat(0.0f);
          for (int c = 0; c < dh; c++) da = wasm_f32x4_add(da, wasm_f32x4_mul(wasm_f32x4_splat(doi[c]), wasm_v128_load(Vt + c * Tp + j)));
          const v128_t dp = wasm_f32x4_mul(da, m);
          wasm_v128_store(grow + j, dp);
          vdot = wasm_f32x4_add(vdot, wasm_f32x4_mul(dp, p));
          const v128_t a = wasm_f32x4_mul(p, m);
          for (int c = 0; c < dh; c++) {
            float* g = gVt + c * Tp + j;
            wasm_v128_store(g, wasm_f32x4_add(wasm_v128_load(g), wasm_f32x4_mul(a, wasm_f32x4_splat(doi[c]))));
          }
        }
        const v128_t dot = wasm_f32x4_splat(hsum(vdot));
        for (int j = 0; j < Tp; j += 4) {
          const v128_t ds = wasm_f32x4_mul(wasm_f32x4_mul(wasm_v128_load(prow + j), wasm_f32x4_sub(wasm_v128_load(grow + j), dot)), vscale);
          wasm_v128_store(grow + j, ds);
          for (int c = 0; c < dh; c++) {
            float* g = gKt + c * Tp + j;
            wasm_v128_store(g, wasm_f32x4_add(wasm_v128_load(g), wasm_f32x4_mul(ds, wasm_f32x4_splat(qi[c]))));
          }
        }
        float* dqi = dqkv + hc + i * ld;
        for (int c = 0; c < dh; c++) {
          v128_t acc = wasm_f32x4_splat(0.0f);
          for (int j = 0; j < Tp; j += 4) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(grow + j), wasm_v128_load(Kt + c * Tp + j)));
          dqi[c] = hsum(acc);
        }
      }
      for (int j = 0; j < T; j++) {
        float* r = dqkv + hc + j * ld;
        for (int c = 0; c < dh; c++) {
          r[d + c] = gKt[c * Tp + j];
          r[2 * d + c] = gVt[c * Tp + j];
        }
      }
    }
  }
}

/* out[i] = x[i] * mask(i) (inverted dropout; also its own gradient) */
void EXPORT(dropout_apply)(const float* x, float* out, uint32_t n, uint32_t seed, uint32_t thr, float keep) {
  uint32_t i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(out + i, wasm_f32x4_mul(wasm_v128_load(x + i), mask4(seed, i, thr, keep)));
  for (; i < n; i++) out[i] = x[i] * mask1(seed, i, thr, keep);
}

/* LayerNorm over rows of x [n, d] (biased variance, as PyTorch / ONNX): y = (x - mean) / sqrt(var + eps) * g + b */
void EXPORT(layer_norm_forward)(const float* x, const float* g, const float* bias, float* y, int n, int d, float eps) {
  for (int r = 0; r < n; r++) {
    const float* xr = x + r * d;
    float* yr = y + r * d;
    float mean = 0.0f;
    for (int c = 0; c < d; c++) mean += xr[c];
    mean /= (float)d;
    float var = 0.0f;
    for (int c = 0; c < d; c++) {
      float t = xr[c] - mean;
      var += t * t;
    }
    var /= (float)d;
    const float rstd = 1.0f / __builtin_sqrtf(var + eps);
    for (int c = 0; c < d; c++) yr[c] = (xr[c] - mean) * rstd * g[c] + bias[c];
  }
}

/*
 * Gradient of layer_norm_forward: with xh = (x - mean) * rstd and gy = dy * g,
 *   dx = rstd * (gy - mean(gy) - xh * mean(gy * xh)),  dg = sum_rows dy * xh,  db = sum_rows dy.
 */
void EXPORT(layer_norm_backward)(const float* dy, const float* x, const float* g, float* dx, float* dg, float* db, int n, int d, float eps) {
  for (int c = 0; c < d; c++) dg[c] = db[c] = 0.0f;
  for (int r = 0; r < n; r++) {
    const float* xr = x + r * d;
    const float* dyr = dy + r * d;
    float* dxr = dx + r * d;
    float mean = 0.0f;
    for (int c = 0; c < d; c++) mean += xr[c];
    mean /= (float)d;
    float var = 0.0f;
    for (int c = 0; c < d; c++) {
      float t = xr[c] - mean;
      var += t * t;
    }
    var /= (float)d;
    const float rstd = 1.0f / __builtin_sqrtf(var + eps);
    float mgy = 0.0f, mgyx = 0.0f;
    for (int c = 0; c < d; c++) {
      const float xh = (xr[c] - mean) * rstd;
      const float gy = dyr[c] * g[c];
      mgy += gy;
      mgyx += gy * xh;
      dg[c] += dyr[c] * xh;
      db[c] += dyr[c];
    }
    mgy /= (float)d;
    mgyx /= (float)d;
    for (int c = 0; c < d; c++) {
      const float xh = (xr[c] - mean) * rstd;
      dxr[c] = rstd * (dyr[c] * g[c] - mgy - xh * mgyx);
    }
  }
}

/* out[c] = sum over rows of x [n, d] (a bias gradient) */
void EXPORT(column_sum)(const float* x, float* out, int n, int d) {
  for (int c = 0; c < d; c++) out[c] = 0.0f;
  int c4 = d & ~3;
  for (int r = 0; r < n; r++) {
    const float* xr = x + r * d;
    for (int c = 0; c < c4; c += 4) wasm_v128_store(out + c, wasm_f32x4_add(wasm_v128_load(out + c), wasm_v128_load(xr + c)));
    for (int c = c4; c < d; c++) out[c] += xr[c];
  }
}

/* out [cols, rows] = x [rows, cols]^T, in 16 x 16 tiles */
void EXPORT(transpose_2d)(const float* x, float* out, int rows, int cols) {
  for (int r0 = 0; r0 < rows; r0 += 16) {
    const int r1 = r0 + 16 < rows ? r0 + 16 : rows;
    for (int c0 = 0; c0 < cols; c0 += 16) {
      const int c1 = c0 + 16 < cols ? c0 + 16 : cols;
      for (int r = r0; r < r1; r++)
        for (int c = c0; c < c1; c++) out[c * rows + r] = x[r * cols + c];
    }
  }
}

/* x [B, T, c] -> out [B*T, kernel*c]: row (b, t) = x[b, t-h .. t+h] tap-major, zeros outside (h = (kernel-1)/2) */
void EXPORT(unfold_steps)(const float* x, float* out, int B, int T, int c, int kernel) {
  const int half = (kernel - 1) / 2, w = kernel * c;
  for (int b = 0; b < B; b++)
    for (int t = 0; t < T; t++) {
      float* o = out + (b * T + t) * w;
      for (int k = 0; k < kernel; k++) {
        const int s = t + k - half;
        if (s < 0 || s >= T) {
          for (int j = 0; j < c; j++) o[k * c + j] = 0.0f;
        } else {
          const float* xs = x + (b * T + s) * c;
          for (int j = 0; j < c; j++) o[k * c + j] = xs[j];
        }
      }
    }
}
