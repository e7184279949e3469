// AMR-NB (what WeCom voice messages are, 8 kHz mono) to WAV, offline and in pure JavaScript:
// the opencore-amr codec compiled to JS by emscripten, as shipped in the npm package
// benz-amr-recorder (src/amrnb.js, MIT; opencore-amr is Apache-2.0). That file is written to run
// as a web worker, so it is started once with a stand-in `self` and then called synchronously.
// Transcription APIs take WAV, not AMR. The encoder is exposed too: tests make real AMR clips.
import { createRequire } from 'node:module';

type Worker = { onmessage: (e: { data: Record<string, unknown> }) => void; postMessage: (m: { command: string; amr: unknown }) => void };
let worker: Worker | null = null;

/** Runs one command in the codec and returns its answer (synchronous inside). */
function call(data: Record<string, unknown>): unknown {
  const g = globalThis as unknown as { self?: unknown };
  const previous = g.self;
  let answer: unknown;
  const self: Worker = worker ?? ({ postMessage: () => {} } as unknown as Worker);
  self.postMessage = (m) => void (answer = m.amr);
  g.self = self;
  try {
    if (!worker) {
      const factory = createRequire(import.meta.url)('benz-amr-recorder/src/amrnb.js') as () => void;
      factory();
      worker = self;
    }
    worker.onmessage({ data });
    return answer;
  } finally {
    g.self = previous;
  }
}

export const AMR_MAGIC = '#!AMR\n';
export const AMR_SAMPLE_RATE = 8000;

export function isAmr(bytes: Buffer): boolean {
  return bytes.subarray(0, AMR_MAGIC.length).toString('latin1') === AMR_MAGIC;
}

/** Decodes AMR-NB to PCM samples (-1..1, 8 kHz mono). Throws on data that is not AMR. */
export function decodeAmr(bytes: Buffer): Float32Array {
  if (!isAmr(bytes)) throw new Error('not an AMR-NB file (missing #!AMR header)');
  const pcm = call({ command: 'decode', buffer: new Uint8Array(bytes) });
  if (!(pcm instanceof Float32Array) || pcm.length === 0) throw new Error('the AMR file holds no audio');
  return pcm;
}

/** Encodes PCM samples (-1..1) at `sampleRate` to AMR-NB (mode 7, 12.2 kbit/s). */
export function encodeAmr(samples: Float32Array, sampleRate = AMR_SAMPLE_RATE): Buffer {
  const out = call({ command: 'encode', samples, sampleRate });
  if (!(out instanceof Uint8Array)) throw new Error('AMR encoding failed');
  return Buffer.from(out);
}

/** 16-bit PCM WAV of mono samples. */
export function pcmToWav(samples: Float32Array, sampleRate: number): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, samples[i])) * 32767), i * 2);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

export function amrToWav(bytes: Buffer): Buffer {
  return pcmToWav(decodeAmr(bytes), AMR_SAMPLE_RATE);
}
