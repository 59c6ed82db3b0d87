import { describe, expect, it } from 'vitest';
import { parsePathMapping, PathMap } from '../../../../main/core/queue/path-map.ts';

describe('--path-map FROM=TO', () => {
  it('maps the longest matching folder, whole path components only', () => {
    const m = new PathMap([parsePathMapping('/mnt/archive=/Volumes/archive'), parsePathMapping('/mnt/archive/2024=/data/2024/')]);
    expect(m.toLocal('/mnt/archive/a/clip.mp4')).toBe('/Volumes/archive/a/clip.mp4');
    expect(m.toLocal('/mnt/archive/2024/clip.mp4')).toBe('/data/2024/clip.mp4');
    expect(m.toLocal('/mnt/archive2/clip.mp4')).toBe('/mnt/archive2/clip.mp4'); // not under /mnt/archive
    expect(m.toLocal('/elsewhere/clip.mp4')).toBe('/elsewhere/clip.mp4');
    expect(new PathMap([parsePathMapping('/=/srv/root')]).toLocal('/a/b.mp4')).toBe('/srv/root/a/b.mp4');
  });

  it('puts the coordinator path back into messages about the local one', () => {
    const m = new PathMap([parsePathMapping('/mnt/a=/w/a')]);
    expect(m.toCoordinator('/w/a/x.mp4 is not a media file (file:/w/a/x.mp4)', '/w/a/x.mp4', '/mnt/a/x.mp4')).toBe('/mnt/a/x.mp4 is not a media file (file:/mnt/a/x.mp4)');
    expect(m.toCoordinator('same', '/p', '/p')).toBe('same');
  });

  it('refuses a mapping that is not two absolute folders', () => {
    for (const bad of ['/a', 'a=/b', '/a=b', '=/b', '/a=']) {
      expect(() => parsePathMapping(bad), bad).toThrow(expect.objectContaining({ kind: 'InvalidArgument', message: expect.stringContaining(`--path-map ${bad}: expected FROM=TO`) }));
    }
  });
});
