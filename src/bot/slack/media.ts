// Voice notes from Slack: an audio clip (or an uploaded audio file) arrives as a DM message with
// subtype file_share. The file id is stored; when the message is processed the clip is looked up
// with files.info and downloaded from url_private_download with the bot token (needs the
// files:read scope). Slack's clips (webm/mp4/m4a) go to the transcriber as they are.
import type { App as BoltApp } from '@slack/bolt';
import { VoiceError, type AudioSource, type VoiceRef } from '../../domain/voice/port.js';

type WebClient = BoltApp['client'];

export interface SlackFile {
  id?: string;
  name?: string;
  mimetype?: string;
  subtype?: string;
  filetype?: string;
}

/** An audio clip recorded in Slack, or an uploaded audio file. */
export function audioFileOf(files: SlackFile[] | undefined): (SlackFile & { id: string }) | null {
  const f = files?.find((x) => x.id && (x.subtype === 'slack_audio' || /^audio\//.test(x.mimetype ?? '')));
  return f ? (f as SlackFile & { id: string }) : null;
}

export function voiceRefOf(f: SlackFile & { id: string }): VoiceRef {
  return { fileId: f.id, ...(f.name ? { name: f.name } : {}), ...(f.mimetype ? { mime: f.mimetype } : {}) };
}

export function slackAudioSource(client: WebClient, botToken: string): AudioSource {
  return {
    async fetch(ref) {
      if (!ref.fileId) throw new VoiceError('the audio clip has no file id', true);
      let info: Awaited<ReturnType<WebClient['files']['info']>>;
      try {
        info = await client.files.info({ file: ref.fileId });
      } catch (e) {
        const code = (e as { data?: { error?: string } })?.data?.error;
        if (code && ['file_not_found', 'file_deleted', 'missing_scope', 'not_authed', 'invalid_auth', 'no_permission'].includes(code)) throw new VoiceError(`Slack files.info: ${code}`, true);
        throw e;
      }
      const file = info.file;
      const url = file?.url_private_download ?? file?.url_private;
      if (!url) throw new VoiceError('Slack gave no download URL for the clip', true);
      const res = await fetch(url, { headers: { authorization: `Bearer ${botToken}` }, signal: AbortSignal.timeout(60_000) });
      if (res.status >= 400 && res.status < 500) throw new VoiceError(`downloading the clip answered HTTP ${res.status}`, true);
      if (!res.ok) throw new Error(`downloading the clip answered HTTP ${res.status}`);
      const mime = (res.headers.get('content-type') ?? '').split(';')[0].trim();
      // Without the right token/scope Slack answers with its sign-in page instead of the file.
      if (/text\/html/i.test(mime)) throw new VoiceError('Slack answered with a web page instead of the clip (is the files:read scope granted?)', true);
      const name = file?.name ?? ref.name ?? `${ref.fileId}.${file?.filetype ?? 'webm'}`;
      return { bytes: Buffer.from(await res.arrayBuffer()), name, mime: file?.mimetype ?? ref.mime ?? (mime || 'application/octet-stream') };
    },
  };
}
