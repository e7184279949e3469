// Building what WeCom POSTs to the callback URL: the inner XML of a message or card event,
// encrypted with the app's EncodingAESKey (@wecom/crypto, as WeCom does) and signed with its Token.
import { encrypt, getSignature } from '@wecom/crypto';
import { buildWecomXml } from '../../src/bot/wecom/xml.js';

export interface WecomApp {
  corp: string;
  agent: string;
  token: string;
  aesKey: string;
}

export function wecomCallbacks(app: WecomApp) {
  let seq = 0;
  const nowSec = () => Math.floor(Date.now() / 1000);
  const textXml = (from: string, content: string, msgId: string) =>
    buildWecomXml({ ToUserName: app.corp, FromUserName: from, CreateTime: nowSec(), MsgType: 'text', Content: content, MsgId: msgId, AgentID: app.agent });
  const envelope = (inner: string) => {
    const enc = encrypt(app.aesKey, inner, app.corp);
    const ts = String(nowSec());
    const nonce = `cb${++seq}`;
    return { query: `msg_signature=${getSignature(app.token, ts, nonce, enc)}&timestamp=${ts}&nonce=${nonce}`, body: buildWecomXml({ ToUserName: app.corp, AgentID: app.agent, Encrypt: enc }) };
  };
  return { textXml, envelope, nowSec };
}

/** A WeCom text as the user sees it: without the invisible per-message tag the outbox appends. */
export const visibleText = (s: string | undefined) => (s ?? '').replace(/[\u200b\u200c]+$/, '');
