import { makeContext } from '../../../../../main/core/context.ts';
import { decodeAudio } from '../../../../../main/core/media/decode-audio.ts';
import { dataPath } from '../../../../helpers/data.ts';

/** 16 kHz mono float32 samples of a shared test file (through the app's own ffmpeg decode). */
export async function decodeShared(...parts: string[]): Promise<Float32Array> {
  return decodeAudio(dataPath(...parts), makeContext());
}
