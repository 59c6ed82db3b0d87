import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../main/core/errors.ts';
import { checkResult, decodeFailure, encodeFailure, queueJobDataSchema, queueJobId } from '../../../../main/core/queue/protocol.ts';
import { packIdentityOf } from '../../../../main/core/queue/pack-identity.ts';

const key = { sha256: 'a'.repeat(64), model: { id: 'corrkd-default', version: '2.0.0' }, optionsHash: 'opts1' };

describe('queue protocol', () => {
  it('derives one job id per result key (sha256, pack id, version, options), valid as a BullMQ id', () => {
    const id = queueJobId(key);
    expect(id).toMatch(/^clip-[0-9a-f]{40}$/);
    expect(queueJobId({ ...key })).toBe(id);
    expect(queueJobId({ ...key, sha256: 'b'.repeat(64) })).not.toBe(id);
    expect(queueJobId({ ...key, model: { ...key.model, version: '2.0.1' } })).not.toBe(id);
    expect(queueJobId({ ...key, optionsHash: 'opts2' })).not.toBe(id);
    // no field can run into the next one
    expect(queueJobId({ ...key, model: { id: 'a', version: 'b:c' } })).not.toBe(queueJobId({ ...key, model: { id: 'a:b', version: 'c' } }));
  });

  it('checks job data and answers with zod: a foreign job or result is refused', () => {
    const pack = packIdentityOf({ id: 'p', version: '1', files: { 'student.onnx': 'c'.repeat(64) } });
    const data = { v: 1, path: '/a.mp4', sha256: key.sha256, size: 10, model: key.model, optionsHash: 'o', pack, perFileTimeoutMs: 'auto' };
    expect(queueJobDataSchema.parse(data)).toEqual(data);
    expect(queueJobDataSchema.safeParse({ ...data, v: 2 }).success).toBe(false);
    expect(queueJobDataSchema.safeParse({ ...data, sha256: 'xyz' }).success).toBe(false);
    expect(() => checkResult({ schema: 2, file: '/a.mp4' }, 'The result of /a.mp4')).toThrow(
      expect.objectContaining({ kind: 'Internal', message: expect.stringContaining('The result of /a.mp4 is not a result of the result schema') }),
    );
  });

  it('carries a transient failure kind and message through BullMQ; BullMQ own reasons become ToolFailed naming the file', () => {
    const e = decodeFailure(encodeFailure(new AppError('Timeout', 'The analysis of /a.mp4 did not finish within 2 s.')), '/a.mp4', 3);
    expect(e).toMatchObject({ kind: 'Timeout', message: 'The analysis of /a.mp4 did not finish within 2 s.', file: '/a.mp4' });
    expect(decodeFailure('job stalled more than allowable limit', '/a.mp4', 2)).toMatchObject({
      kind: 'ToolFailed',
      message: 'The batch queue gave up on /a.mp4 after 2 attempt(s): job stalled more than allowable limit.',
    });
    expect(decodeFailure(JSON.stringify({ kind: 'NoSuchKind', message: 'x' }), '/a.mp4', 1).kind).toBe('ToolFailed');
  });
});
