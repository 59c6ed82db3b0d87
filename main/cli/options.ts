import { AppError } from '../core/errors.ts';

/** An integer CLI option in [min, max]; anything else is InvalidArgument naming the option. */
export function intOption(name: string, raw: string, min: number, max: number): number {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new AppError('InvalidArgument', `${name} must be an integer in [${min}, ${max}], got '${raw}'.`);
  }
  return v;
}
