import type { Command } from 'commander';
import { registerProbe } from './probe.ts';

/** Each CLI command lives in its own file and registers itself here (a registry, STYLE habit 13). */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [registerProbe];
