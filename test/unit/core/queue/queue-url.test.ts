import { describe, expect, it } from 'vitest';
import { parseQueueUrl, redact } from '../../../../main/core/queue/queue-url.ts';

describe('parseQueueUrl (--queue)', () => {
  it('reads host, port, database and TLS; the password never shows in the display form', () => {
    expect(parseQueueUrl('redis://10.0.0.5:6380/2', {})).toEqual({ display: 'redis://10.0.0.5:6380/2', host: '10.0.0.5', port: 6380, db: 2, tls: false });
    expect(parseQueueUrl('redis://queue.lan', {})).toMatchObject({ host: 'queue.lan', port: 6379, db: 0, display: 'redis://queue.lan' });
    const tls = parseQueueUrl('rediss://:p%40ss@queue.lan:6390', {});
    expect(tls).toMatchObject({ tls: true, password: 'p@ss', port: 6390, display: 'rediss://:***@queue.lan:6390' });
    expect(parseQueueUrl('rediss://alice:pw@queue.lan:6390/1', {})).toMatchObject({ username: 'alice', password: 'pw', display: 'rediss://alice:***@queue.lan:6390/1' });
    expect(parseQueueUrl('redis://[::1]:7000', {})).toMatchObject({ host: '::1', port: 7000 });
  });

  it('takes the password from CORRKD_QUEUE_PASSWORD when the URL has none (kept out of the process list)', () => {
    const t = parseQueueUrl('rediss://queue.lan:6390', { CORRKD_QUEUE_PASSWORD: 'from-env', CORRKD_QUEUE_USER: 'bob' });
    expect(t).toMatchObject({ password: 'from-env', username: 'bob', display: 'rediss://bob@queue.lan:6390' });
    expect(parseQueueUrl('redis://:in-url@h:1', { CORRKD_QUEUE_PASSWORD: 'env' }).password).toBe('in-url');
  });

  it('refuses what is not a redis URL, naming it (password hidden) and what is expected', () => {
    const bad = (url: string, why: RegExp) => expect(() => parseQueueUrl(url, {})).toThrow(expect.objectContaining({ kind: 'InvalidArgument', message: expect.stringMatching(why) }));
    bad('http://h:6379', /^--queue http:\/\/h:6379: the scheme is http, not redis or rediss; expected redis:\/\/HOST:PORT\[\/DB\]/);
    bad('localhost:6379', /the scheme is localhost/);
    bad('redis://h:6379/zero', /the database "zero" is not a number/);
    bad('redis://h:6379/0?tls=1', /options after \? or # are not supported/);
    bad('redis://:pw@h:99999', /^--queue redis:\/\/:\*\*\*@h:99999: not a URL/);
    bad('not a url', /not a URL/);
  });

  it('redact hides a password in any scheme', () => {
    expect(redact('rediss://u:secret@h:1')).toBe('rediss://u:***@h:1');
    expect(redact('redis://h:1')).toBe('redis://h:1');
  });
});
