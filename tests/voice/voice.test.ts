// Voice notes end to end: a WeCom voice callback (MsgType voice, MediaId, Format amr) and a Slack
// audio clip (file_share) are stored before the platform is acknowledged; processing downloads the
// audio from the local fake platform (media/get; files.info + url_private_download with the bot
// token), sends it to a fake OpenAI-compatible transcription API (AMR decoded to WAV on the way,
// Ogg sent as it is) and handles the transcript exactly like a typed message, the reply starting
// with it. Without a transcriber the user is told how to enable it; a refused MediaId is answered.
import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LogLevel } from '@slack/bolt';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { parseAmountText } from '../../src/intents/amountText.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import { WecomApi } from '../../src/bot/wecom/api.js';
import { wecomConfigFromEnv, type WecomConfig } from '../../src/bot/wecom/config.js';
import { WecomServer } from '../../src/bot/wecom/server.js';
import { buildWecomXml } from '../../src/bot/wecom/xml.js';
import { SlackAdapter } from '../../src/bot/slack/app.js';
import { slackConfigFromEnv } from '../../src/bot/slack/config.js';
import { OpenAITranscriber, prepareClip, transcriberFromEnv } from '../../src/voice/transcriber.js';
import { AMR_SAMPLE_RATE, decodeAmr, isAmr } from '../../src/voice/amr.js';
import { testDatabases } from '../helpers/db.js';
import { counts } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';
import { binary, startFakeServer, type FakeServer, type Recorded } from '../bot/fakeServer.js';
import { visibleText, wecomCallbacks } from '../bot/wecomCallbacks.js';
import { makeAmr, makeOggOpus } from './fixtures.js';

const APP = { corp: 'wwvoice00000000001', agent: '1000011', token: 'voiceToken', aesKey: randomBytes(32).toString('base64').slice(0, 43) };
const SLACK_SECRET = 'slack-secret-voice';
const SAID = '刚才去北辰物流拜访了周总，对方想下周看产品演示';
const AMR = makeAmr(2.5);
const OGG = makeOggOpus(1.5);

async function uploaded(r: Recorded): Promise<{ file: File; model: string }> {
  const form = await new Response(r.raw, { headers: { 'content-type': String(r.headers['content-type']) } }).formData();
  return { file: form.get('file') as File, model: String(form.get('model')) };
}

describe('audio formats', () => {
  it('AMR-NB is decoded offline to 8 kHz mono 16-bit WAV; other formats pass through', () => {
    expect(isAmr(AMR)).toBe(true);
    const pcm = decodeAmr(AMR);
    // 20 ms frames: 2.5 s is 125 frames (the codec may keep back the last partial one).
    expect(Math.abs(pcm.length - 2.5 * AMR_SAMPLE_RATE)).toBeLessThanOrEqual(320);
    expect(Math.max(...pcm.subarray(4000, 8000).map(Math.abs))).toBeGreaterThan(0.05);
    const wav = prepareClip({ bytes: AMR, name: 'note.amr', mime: 'audio/amr' });
    expect(wav.name).toBe('note.wav');
    expect(wav.mime).toBe('audio/wav');
    expect(wav.bytes.subarray(0, 4).toString()).toBe('RIFF');
    expect(wav.bytes.readUInt32LE(24)).toBe(8000);
    expect(wav.bytes.readUInt16LE(22)).toBe(1);
    expect(wav.bytes.length).toBe(44 + pcm.length * 2);
    const ogg = { bytes: OGG, name: 'clip.ogg', mime: 'audio/ogg' };
    expect(prepareClip(ogg)).toBe(ogg);
    expect(() => prepareClip({ bytes: Buffer.from('an HTML error page, not audio'), name: 'x.amr', mime: 'audio/amr' })).toThrow(/unreadable AMR/);
  });

  it('the transcriber is configured from the environment, or not at all', () => {
    expect(transcriberFromEnv({})).toBeNull();
    expect(transcriberFromEnv({ OPENAI_API_KEY: 'sk-x', TRANSCRIBE: 'off' })).toBeNull();
    expect(transcriberFromEnv({ OPENAI_API_KEY: 'sk-x' })!.describe).toMatch(/^whisper-1 @ https:\/\/api\.openai\.com\/v1/);
    expect(transcriberFromEnv({ TRANSCRIBE_BASE_URL: 'http://127.0.0.1:8000/v1', TRANSCRIBE_MODEL: 'Systran/faster-whisper-small' })!.describe).toBe('Systran/faster-whisper-small @ http://127.0.0.1:8000/v1');
  });
});

describe.each(await testDatabases())('voice notes on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let fake: FakeServer;
  let config: WecomConfig;
  let assistant: SalesAssistant;
  let transcript = SAID;
  /** Holds the transcription answer until opened: proves the ack does not wait for it. */
  let gate: Promise<void> | null = null;
  const cb = wecomCallbacks(APP);
  const transcriber = () => new OpenAITranscriber({ apiKey: 'sk-test', baseURL: `${'' + fake.url}/v1`, model: 'whisper-test', maxRetries: 0 });
  const voiceXml = (from: string, mediaId: string, msgId: string) =>
    buildWecomXml({ ToUserName: APP.corp, FromUserName: from, CreateTime: cb.nowSec(), MsgType: 'voice', MediaId: mediaId, Format: 'amr', MsgId: msgId, AgentID: APP.agent });
  // Text messages only: a logged record's reply is followed by its 确认/撤销 card.
  const wecomTexts = () => fake.calls('/cgi-bin/message/send').filter((r) => (r.json as { msgtype?: string }).msgtype === 'text').map((r) => visibleText((r.json as { text?: { content: string } }).text?.content));

  beforeAll(async () => {
    fake = await startFakeServer(() => ({}));
    config = wecomConfigFromEnv({ WECOM_CORP_ID: APP.corp, WECOM_AGENT_ID: APP.agent, WECOM_SECRET: 's', WECOM_TOKEN: APP.token, WECOM_ENCODING_AES_KEY: APP.aesKey, WECOM_API_BASE: fake.url, WECOM_PATH: '/wecom/callback' })!;
  });
  afterAll(async () => fake?.close());
  beforeEach(async () => {
    await suite.db.prisma.user.update({ where: { id: suite.world.rep.id }, data: { wecomUserId: 'lina', slackUserId: 'ULINA' } });
    fake.requests.length = 0;
    transcript = SAID;
    gate = null;
    assistant = new SalesAssistant(makeContext(suite.db.prisma), { parser: ruleParser, parseAmount: parseAmountText, log: () => {} });
    fake.handler = async (r) => {
      if (r.path === '/cgi-bin/gettoken') return { errcode: 0, access_token: 'tok', expires_in: 7200 };
      if (r.path === '/cgi-bin/media/get') {
        if (r.query.get('media_id') === 'EXPIRED') return { errcode: 40007, errmsg: 'invalid media_id' };
        return binary(AMR, 'audio/amr', { 'content-disposition': `attachment; filename="${r.query.get('media_id')}.amr"` });
      }
      if (r.path === '/v1/audio/transcriptions') {
        await gate;
        return { text: transcript };
      }
      if (r.path === '/api/auth.test') return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' };
      if (r.path === '/api/files.info') return { ok: true, file: { id: 'F77', name: 'audio_message.ogg', mimetype: 'audio/ogg', filetype: 'ogg', subtype: 'slack_audio', url_private_download: `${fake.url}/files-pri/T1-F77/download/audio_message.ogg` } };
      if (r.path === '/files-pri/T1-F77/download/audio_message.ogg') return r.headers.authorization === 'Bearer xoxb-voice' ? binary(OGG, 'audio/ogg') : binary(Buffer.from('<html>sign in</html>'), 'text/html');
      if (r.path === '/api/chat.postMessage') return { ok: true, ts: '1700000300.000100' };
      return { errcode: 0, errmsg: 'ok', ok: true };
    };
  });

  async function wecom(t: ReturnType<typeof transcriber> | null) {
    const server = new WecomServer({ config, assistant, api: new WecomApi({ apiBase: fake.url, corpId: APP.corp, secret: 's', agentId: APP.agent }), transcriber: t, log: () => {} });
    const base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
    const post = (inner: string) => {
      const e = cb.envelope(inner);
      return fetch(`${base}/wecom/callback?${e.query}`, { method: 'POST', body: e.body });
    };
    return { server, post };
  }

  it('WeCom: stored before the ack, then media/get → WAV → transcript handled like text, reply opens with it', async () => {
    const { server, post } = await wecom(transcriber());
    try {
      let open!: () => void;
      gate = new Promise<void>((r) => (open = r));
      const res = await post(voiceXml('lina', 'MEDIA_V1', '93001'));
      expect(res.status).toBe(200);
      // Acknowledged while the transcription is still pending: the delivery is stored, nothing else.
      expect(await suite.db.prisma.inboxMessage.count({ where: { externalId: 'voice:93001' } })).toBe(1);
      expect((await counts(suite.db.prisma)).inbound).toBe(0);
      open();
      await server.idle();

      expect(fake.calls('/cgi-bin/media/get')[0].query.get('media_id')).toBe('MEDIA_V1');
      const { file, model } = await uploaded(fake.calls('/v1/audio/transcriptions')[0]);
      expect(model).toBe('whisper-test');
      expect(file.name).toBe('MEDIA_V1.wav');
      const wav = Buffer.from(await file.arrayBuffer());
      expect(wav.subarray(0, 4).toString()).toBe('RIFF');
      expect(wav.readUInt32LE(24)).toBe(8000);
      // As long as the recording: 2.5 s of 8 kHz 16-bit samples.
      expect(Math.abs(wav.length - 44 - 2.5 * 8000 * 2)).toBeLessThanOrEqual(640);

      const texts = wecomTexts();
      expect(texts).toHaveLength(1);
      expect(texts[0].startsWith(`🎙 转写：${SAID}\n`)).toBe(true);
      expect(texts[0]).toContain('北辰物流');
      const c = await counts(suite.db.prisma);
      expect(c.activities).toBe(1);
      expect(c.customers).toBe(1);
      const inbound = await suite.db.prisma.inboundMessage.findFirstOrThrow();
      expect(inbound).toMatchObject({ platform: 'WECOM', externalId: 'voice:93001', text: SAID, outcome: 'APPLIED' });
      expect(inbound.reply?.startsWith('🎙 转写：')).toBe(true);

      // WeCom delivering the same callback again changes nothing and sends nothing more.
      await post(voiceXml('lina', 'MEDIA_V1', '93001'));
      await server.idle();
      expect(fake.calls('/v1/audio/transcriptions')).toHaveLength(1);
      expect(wecomTexts()).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('WeCom: without a transcriber the reply says how to enable it; nothing is fetched or recorded', async () => {
    const { server, post } = await wecom(null);
    try {
      expect((await post(voiceXml('lina', 'MEDIA_V2', '93002'))).status).toBe(200);
      await server.idle();
      const texts = wecomTexts();
      expect(texts).toHaveLength(1);
      expect(texts[0]).toMatch(/还没有开启语音转写[\s\S]*TRANSCRIBE_API_KEY/);
      expect(fake.calls('/cgi-bin/media/get')).toHaveLength(0);
      expect((await counts(suite.db.prisma)).activities).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('WeCom: an expired MediaId and silence get clear answers, not retries', async () => {
    const { server, post } = await wecom(transcriber());
    try {
      await post(voiceXml('lina', 'EXPIRED', '93003'));
      await server.idle();
      expect(wecomTexts()[0]).toMatch(/没能转成文字.*40007/);
      transcript = '  ';
      await post(voiceXml('lina', 'MEDIA_V4', '93004'));
      await server.idle();
      expect(wecomTexts()[1]).toMatch(/没有听到内容/);
      expect((await counts(suite.db.prisma)).inbound).toBe(0);
      expect(await suite.db.prisma.inboxMessage.count({ where: { status: 'DONE' } })).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('Slack: an audio clip in a DM is downloaded with the bot token, sent as Ogg, and answered with the transcript first', async () => {
    transcript = 'Called Beichen Logistics, Mr Zhou wants a demo next week';
    await suite.db.prisma.user.update({ where: { id: suite.world.rep.id }, data: { locale: 'en-US' } });
    const slack = slackConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb-voice', SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_API_URL: `${fake.url}/api` })!;
    const adapter = new SlackAdapter({ config: slack, assistant, transcriber: transcriber(), log: () => {}, logLevel: LogLevel.ERROR });
    try {
      const base = `http://127.0.0.1:${await adapter.start(0, '127.0.0.1')}`;
      const body = JSON.stringify({
        type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: 'EvVoice1', event_time: 1,
        event: { type: 'message', subtype: 'file_share', channel_type: 'im', channel: 'D7', user: 'ULINA', text: '', ts: '1700000000.000300', files: [{ id: 'F77', name: 'audio_message.ogg', mimetype: 'audio/ogg', subtype: 'slack_audio' }] },
      });
      const ts = Math.floor(Date.now() / 1000);
      const sig = `v0=${createHmac('sha256', SLACK_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
      const res = await fetch(`${base}/slack/events`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig } });
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 50));
      await adapter.idle();

      expect((fake.calls('/api/files.info')[0].json as { file: string }).file).toBe('F77');
      const { file } = await uploaded(fake.calls('/v1/audio/transcriptions')[0]);
      expect(file.name).toBe('audio_message.ogg');
      expect(Buffer.from(await file.arrayBuffer()).equals(OGG)).toBe(true);
      const posts = fake.calls('/api/chat.postMessage').map((r) => r.json as { channel: string; text: string });
      expect(posts).toHaveLength(1);
      expect(posts[0].channel).toBe('D7');
      expect(posts[0].text.startsWith(`🎙 Transcript: ${transcript}\n`)).toBe(true);
      expect((await counts(suite.db.prisma)).activities).toBe(1);
    } finally {
      await adapter.stop();
    }
  });
});
