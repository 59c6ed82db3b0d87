import { describe, expect, it } from 'vitest';
import { AppError, isBadInputKind, toAppError } from '../../../main/core/errors.ts';

describe('AppError', () => {
  it('round-trips through JSON with its kind and file', () => {
    const e = new AppError('EmptyFile', 'x.mp4 is empty (0 bytes)', { file: '/a/x.mp4' });
    const back = AppError.fromJSON(JSON.parse(JSON.stringify(e.toJSON())));
    expect(back.kind).toBe('EmptyFile');
    expect(back.file).toBe('/a/x.mp4');
    expect(back.isBadInput).toBe(true);
  });
  it('classifies internal kinds as not bad input', () => {
    expect(isBadInputKind('Internal')).toBe(false);
    expect(isBadInputKind('NoAudioStream')).toBe(true);
  });
  it('turns an AbortError into Canceled', () => {
    const abort = new Error('aborted');
    abort.name = 'AbortError';
    expect(toAppError(abort).kind).toBe('Canceled');
  });
});
