import { describe, expect, it } from 'vitest';
import { describePack, packIdentityOf, samePack } from '../../../../main/core/queue/pack-identity.ts';

describe('pack identity (what a queue worker must have)', () => {
  it('identifies a pack by id, version and its files checksums', () => {
    const a = packIdentityOf({ id: 'p', version: '1', files: { 'student.onnx': 'c'.repeat(64), 'teacher.onnx': 'd'.repeat(64) } });
    const sameFilesOtherOrder = packIdentityOf({ id: 'p', version: '1', files: { 'teacher.onnx': 'd'.repeat(64), 'student.onnx': 'c'.repeat(64) } });
    expect(samePack(a, sameFilesOtherOrder)).toBe(true);
    expect(samePack(a, packIdentityOf({ id: 'p', version: '1', files: { 'student.onnx': 'e'.repeat(64) } }))).toBe(false);
    expect(samePack(a, { ...a, version: '2' })).toBe(false);
    expect(describePack(a)).toBe(`p 1 (files ${a.files.slice(0, 12)})`);
  });
});
