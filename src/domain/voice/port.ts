// Voice notes: what the domain needs to turn a voice message into text, and what it says about
// it. A voice message is stored in the inbox as a reference (WeCom MediaId, Slack file id) like
// any delivery — before the platform is acknowledged; the audio is fetched and transcribed when
// the message is processed (messages/inbox.ts), and the transcript is then handled exactly like a
// typed message, its reply starting with the transcript so the rep can check it.
// The adapters supply the AudioSource of their platform; src/voice supplies the Transcriber.
import type { Lang } from '../i18n.js';

/** What the inbox stores for a voice message: enough to fetch the audio later. */
export interface VoiceRef {
  /** WeCom: the MediaId of the voice message (media/get). */
  mediaId?: string;
  /** WeCom: the audio format the callback names ("amr", "speex"). */
  format?: string;
  /** Slack: the file id of the audio clip (files.info). */
  fileId?: string;
  name?: string;
  mime?: string;
}

export interface AudioClip {
  bytes: Buffer;
  /** File name with an extension that says the format (voice.amr, clip.webm…). */
  name: string;
  mime: string;
}

/** Downloads the audio of a stored voice message from its platform. */
export interface AudioSource {
  fetch(ref: VoiceRef): Promise<AudioClip>;
}

/** Speech to text (an OpenAI-compatible audio transcription API). */
export interface Transcriber {
  /** For logs and the docs: "whisper-1 @ https://api.openai.com/v1". */
  readonly describe: string;
  transcribe(clip: AudioClip): Promise<string>;
}

/**
 * A failure that trying again cannot fix (the API refused the request or the audio): the user is
 * told at once instead of after every retry.
 */
export class VoiceError extends Error {
  constructor(message: string, readonly permanent: boolean) {
    super(message);
  }
}

/** The first line of the reply to a voice message. */
export function transcriptLine(transcript: string, lang: Lang): string {
  return lang === 'zh' ? `🎙 转写：${transcript}` : `🎙 Transcript: ${transcript}`;
}

export function voiceNotConfiguredText(lang: Lang): string {
  return lang === 'zh'
    ? '🎙 收到语音，但还没有开启语音转写，这条语音没有记录。请改发文字；\n管理员可以设置 TRANSCRIBE_API_KEY（或 OPENAI_API_KEY），以及可选的 TRANSCRIBE_BASE_URL / TRANSCRIBE_MODEL（任意兼容 OpenAI 的语音转写接口），重启后语音会自动转成文字记录。'
    : '🎙 Voice message received, but voice transcription is not enabled, so nothing was recorded. Please type it instead;\nan admin can set TRANSCRIBE_API_KEY (or OPENAI_API_KEY) and optionally TRANSCRIBE_BASE_URL / TRANSCRIBE_MODEL (any OpenAI-compatible transcription API) and restart — voice notes are then transcribed and recorded.';
}

export function voiceFailedText(lang: Lang, why: string): string {
  return lang === 'zh'
    ? `🎙 这条语音没能转成文字（${why}），没有记录任何内容。请改发文字或稍后重发。`
    : `🎙 This voice message could not be transcribed (${why}); nothing was recorded. Please type it or send it again later.`;
}

export function voiceEmptyText(lang: Lang): string {
  return lang === 'zh' ? '🎙 这条语音没有听到内容，没有记录。请再说一遍或改发文字。' : '🎙 No speech was heard in this voice message; nothing was recorded. Please say it again or type it.';
}
