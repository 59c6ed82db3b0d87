/**
 * numpy's np.round (banker's rounding): ties go to the even integer (0.5 -> 0, 1.5 -> 2, 2.5 -> 2,
 * -0.5 -> -0, -2.5 -> -2). JS Math.round rounds ties up (2.5 -> 3, -1.5 -> -1), which changes Acc-7,
 * Acc-5 and the 7-class label of an exact .5 score (vectors/metrics.json, case half_values_13).
 */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const diff = x - f; // exact for |x| < 2^52
  const r = diff < 0.5 ? f : diff > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  // Keep numpy's sign of zero (-0.3 -> -0); only matters for display, -0 === 0.
  return r === 0 && x < 0 ? -0 : r;
}
