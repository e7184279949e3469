// Speech to text through an OpenAI-compatible audio transcription API (POST
// {base}/audio/transcriptions, multipart: file + model), with the openai SDK. OpenAI, Azure,
// Groq and self-hosted Whisper servers (faster-whisper-server/speaches, LocalAI, vLLM) speak it.
// Such APIs take wav/mp3/m4a/ogg/webm but not AMR, so WeCom's AMR is decoded to WAV first
// (voice/amr.ts). Env: TRANSCRIBE_API_KEY / TRANSCRIBE_BASE_URL / TRANSCRIBE_MODEL /
// TRANSCRIBE_TIMEOUT_MS, falling back to OPENAI_API_KEY / OPENAI_BASE_URL; TRANSCRIBE=off
// switches it off.
import OpenAI, { toFile } from 'openai';
import { VoiceError, type AudioClip, type Transcriber } from '../domain/voice/port.js';
import { amrToWav, isAmr } from './amr.js';

export const DEFAULT_TRANSCRIBE_MODEL = 'whisper-1';
export const DEFAULT_TRANSCRIBE_TIMEOUT_MS = 60_000;
/** OpenAI's upload limit for one transcription. */
export const MAX_AUDIO_BYTES = 25 * 1024 * 1024;

export interface OpenAITranscriberOptions {
  apiKey: string;
  baseURL?: string;
  model?: string;
  timeoutMs?: number;
  maxRetries?: number;
}

/** The clip in a format the API takes: AMR becomes 16-bit WAV; everything else is sent as it is. */
export function prepareClip(clip: AudioClip): AudioClip {
  if (isAmr(clip.bytes) || /amr/i.test(clip.mime) || /\.amr$/i.test(clip.name)) {
    let wav: Buffer;
    try {
      wav = amrToWav(clip.bytes);
    } catch (e) {
      throw new VoiceError(`unreadable AMR audio: ${e instanceof Error ? e.message : String(e)}`, true);
    }
    return { bytes: wav, name: clip.name.replace(/\.[^.]*$/, '') + '.wav', mime: 'audio/wav' };
  }
  return clip;
}

export class OpenAITranscriber implements Transcriber {
  readonly describe: string;
  private readonly client: OpenAI;
  private readonly model: string;

  constructor(opts: OpenAITranscriberOptions) {
    this.model = opts.model || DEFAULT_TRANSCRIBE_MODEL;
    this.client = new OpenAI({ apiKey: opts.apiKey, baseURL: opts.baseURL, timeout: opts.timeoutMs ?? DEFAULT_TRANSCRIBE_TIMEOUT_MS, maxRetries: opts.maxRetries ?? 1 });
    this.describe = `${this.model} @ ${this.client.baseURL}`;
  }

  async transcribe(clip: AudioClip): Promise<string> {
    const audio = prepareClip(clip);
    if (audio.bytes.length > MAX_AUDIO_BYTES) throw new VoiceError('the recording is too long (over 25 MB)', true);
    try {
      const res = await this.client.audio.transcriptions.create({ file: await toFile(audio.bytes, audio.name, { type: audio.mime }), model: this.model });
      return (res.text ?? '').trim();
    } catch (e) {
      // 4xx other than timeout/rate limit: the request itself is refused (bad key, model, format).
      const status = (e as { status?: number }).status;
      if (typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429) {
        throw new VoiceError(`transcription API answered HTTP ${status}`, true);
      }
      throw e;
    }
  }
}

/** The transcriber the environment configures, or null (voice messages then get a how-to reply). */
export function transcriberFromEnv(env: NodeJS.ProcessEnv = process.env): OpenAITranscriber | null {
  if (env.TRANSCRIBE?.trim().toLowerCase() === 'off') return null;
  const baseURL = env.TRANSCRIBE_BASE_URL?.trim() || undefined;
  const apiKey = env.TRANSCRIBE_API_KEY?.trim() || env.OPENAI_API_KEY?.trim() || (baseURL ? 'none' : '');
  if (!apiKey) return null;
  const timeout = Number(env.TRANSCRIBE_TIMEOUT_MS);
  return new OpenAITranscriber({
    apiKey,
    baseURL: baseURL ?? (env.OPENAI_BASE_URL?.trim() || undefined),
    model: env.TRANSCRIBE_MODEL?.trim() || DEFAULT_TRANSCRIBE_MODEL,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TRANSCRIBE_TIMEOUT_MS,
  });
}
