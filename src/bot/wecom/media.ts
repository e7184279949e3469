// Voice messages from WeCom: the callback carries a MediaId (and Format, normally amr); the
// audio is downloaded with media/get when the stored message is processed (domain/voice/port.ts).
import { VoiceError, type AudioSource } from '../../domain/voice/port.js';
import { WecomApiError, type WecomApi } from './api.js';

export function wecomAudioSource(api: WecomApi): AudioSource {
  return {
    async fetch(ref) {
      if (!ref.mediaId) throw new VoiceError('the voice message has no MediaId', true);
      try {
        const file = await api.downloadMedia(ref.mediaId);
        const ext = (ref.format || 'amr').toLowerCase().replace(/[^a-z0-9]/g, '') || 'amr';
        return { bytes: file.bytes, name: file.name ?? `${ref.mediaId.slice(0, 24)}.${ext}`, mime: file.mime === 'application/octet-stream' ? `audio/${ext}` : file.mime };
      } catch (e) {
        // An expired/invalid MediaId or a refused request will not get better by retrying.
        if (e instanceof WecomApiError && e.permanent) throw new VoiceError(`WeCom media/get: ${e.errcode} ${e.errmsg}`, true);
        throw e;
      }
    },
  };
}
