import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { hasMediaExtension, sniffContainer } from '../../../../main/core/jobs/media-sniff.ts';
import { dataPath } from '../../../helpers/data.ts';

const head = (p: string) => readFileSync(p).subarray(0, 189);

describe('media-sniff', () => {
  it('recognises real containers by their first bytes', () => {
    expect(sniffContainer(head(dataPath('videos/talking_heads/liveportrait_d20.mp4')))).toBe('isobmff');
    expect(sniffContainer(head(dataPath('mosi/raw/03bSnISJMiM_1.wav')))).toBe('riff');
  });
  it('does not take a JPEG photo, text or an empty head for media', () => {
    expect(sniffContainer(head(dataPath('images/faces/faceapi_happy.jpg')))).toBeNull();
    expect(sniffContainer(Buffer.from('hello, this is a text file with some words in it\n'))).toBeNull();
    expect(sniffContainer(new Uint8Array(0))).toBeNull();
  });
  it('matches media extensions case-insensitively and only as extensions', () => {
    expect(hasMediaExtension('/a/B.MP4')).toBe(true);
    expect(hasMediaExtension('/a/clip.mkv')).toBe(true);
    expect(hasMediaExtension('/a/mp4')).toBe(false);
    expect(hasMediaExtension('/a/notes.txt')).toBe(false);
  });
});
