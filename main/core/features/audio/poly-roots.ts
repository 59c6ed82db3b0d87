/**
 * All complex roots of a real monic polynomial by the Aberth-Ehrlich iteration (simultaneous
 * Newton steps with mutual repulsion; cubic convergence for simple roots), for the LPC formant
 * search. Written here rather than taken from npm: the one small package for this (`durand-kerner`,
 * 2014, the slower Weierstrass iteration) allocates its result arrays on every call, and a 16th-order
 * polynomial is solved for every voiced 10 ms frame; this solver reuses its buffers and starts from
 * the previous frame's roots, which are usually within a few iterations of the new ones.
 */

const MAX_ITER = 80;
const TOL = 1e-10;

export class PolyRoots {
  readonly re: Float64Array;
  readonly im: Float64Array;
  private warm = false;

  constructor(readonly degree: number) {
    this.re = new Float64Array(degree);
    this.im = new Float64Array(degree);
  }

  /** Initial guesses on a circle of radius 0.9 (LPC roots lie inside the unit circle), off-axis. */
  private reset(): void {
    for (let k = 0; k < this.degree; k++) {
      const ang = (2 * Math.PI * k) / this.degree + 0.4;
      this.re[k] = 0.9 * Math.cos(ang);
      this.im[k] = 0.9 * Math.sin(ang);
    }
  }

  /**
   * Roots of a[0] z^n + a[1] z^(n-1) + ... + a[n] (a[0] = 1, n = degree). Returns views of the
   * internal buffers (valid until the next call) and how many roots converged (all, or 0).
   */
  solve(a: Float64Array): { re: Float64Array; im: Float64Array; count: number } {
    const n = this.degree;
    const { re, im } = this;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!this.warm || attempt === 1) this.reset();
      let converged = false;
      for (let it = 0; it < MAX_ITER && !converged; it++) {
        converged = true;
        for (let k = 0; k < n; k++) {
          const zr = re[k]!;
          const zi = im[k]!;
          // p(z) and p'(z) by Horner.
          let pr = 1;
          let pi = 0;
          let dr = 0;
          let di = 0;
          for (let j = 1; j <= n; j++) {
            const ndr = dr * zr - di * zi + pr;
            const ndi = dr * zi + di * zr + pi;
            dr = ndr;
            di = ndi;
            const npr = pr * zr - pi * zi + a[j]!;
            const npi = pr * zi + pi * zr;
            pr = npr;
            pi = npi;
          }
          // ratio = p / p'
          const dd = dr * dr + di * di;
          if (dd === 0) continue;
          const qr = (pr * dr + pi * di) / dd;
          const qi = (pi * dr - pr * di) / dd;
          // sum over other roots of 1 / (z_k - z_j)
          let sr = 0;
          let si = 0;
          for (let j = 0; j < n; j++) {
            if (j === k) continue;
            const ur = zr - re[j]!;
            const ui = zi - im[j]!;
            const uu = ur * ur + ui * ui;
            if (uu === 0) continue;
            sr += ur / uu;
            si -= ui / uu;
          }
          // w = ratio / (1 - ratio * sum)
          const br = 1 - (qr * sr - qi * si);
          const bi = -(qr * si + qi * sr);
          const bb = br * br + bi * bi;
          if (bb === 0) continue;
          const wr = (qr * br + qi * bi) / bb;
          const wi = (qi * br - qr * bi) / bb;
          re[k] = zr - wr;
          im[k] = zi - wi;
          if (wr * wr + wi * wi > TOL * TOL * Math.max(1, zr * zr + zi * zi)) converged = false;
        }
      }
      let finite = true;
      for (let k = 0; k < n; k++) if (!Number.isFinite(re[k]!) || !Number.isFinite(im[k]!)) finite = false;
      if (converged && finite) {
        this.warm = true;
        return { re, im, count: n };
      }
      this.warm = false;
    }
    return { re, im, count: 0 };
  }
}
