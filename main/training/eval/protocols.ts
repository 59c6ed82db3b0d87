/**
 * The evaluation protocols (DESIGN 6): 'complete' (every modality, every step), 'fixed' (the six
 * incomplete kept-sets plus complete, Avg over the six) and 'random' (every step of every modality
 * zeroed independently with probability p, p = 0.0 .. 1.0).
 */
import { AppError } from '../../core/errors.ts';

export const PROTOCOLS = ['complete', 'fixed', 'random'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export function isProtocol(x: string): x is Protocol {
  return (PROTOCOLS as readonly string[]).includes(x);
}

export function parseProtocol(x: string): Protocol {
  if (!isProtocol(x)) throw new AppError('InvalidArgument', `Unknown evaluation protocol '${x}'; allowed: ${PROTOCOLS.join(', ')}.`);
  return x;
}
