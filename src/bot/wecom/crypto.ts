// WeCom callback security: msg_signature = sha1(sort(token, timestamp, nonce, encrypt)),
// payload = AES-256-CBC(random16 + len(4, BE) + msg + receiveid), PKCS#7, via @wecom/crypto.
import { timingSafeEqual } from 'node:crypto';
import { decrypt, getSignature } from '@wecom/crypto';

export class WecomAuthError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface SignedParams {
  signature: string;
  timestamp: string;
  nonce: string;
  encrypt: string;
}

export interface CryptoSettings {
  token: string;
  encodingAesKey: string;
  corpId: string;
  maxSkewSeconds: number;
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Verifies freshness and signature, decrypts, checks the receiver id; returns the plaintext. */
export function openEnvelope(cfg: CryptoSettings, p: SignedParams, nowMs = Date.now()): string {
  if (!p.signature || !p.timestamp || !p.nonce || !p.encrypt) throw new WecomAuthError(400, 'missing msg_signature, timestamp, nonce or payload');
  if (!/^\d{1,12}$/.test(p.timestamp)) throw new WecomAuthError(400, 'bad timestamp');
  const skew = Math.abs(nowMs / 1000 - Number(p.timestamp));
  if (skew > cfg.maxSkewSeconds) throw new WecomAuthError(403, `stale timestamp (${Math.round(skew)}s off)`);
  if (!sameHex(getSignature(cfg.token, p.timestamp, p.nonce, p.encrypt), p.signature)) throw new WecomAuthError(403, 'bad msg_signature');
  let plain: { message: string; id: string };
  try {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(p.encrypt)) throw new Error('not base64');
    plain = decrypt(cfg.encodingAesKey, p.encrypt);
  } catch {
    throw new WecomAuthError(400, 'cannot decrypt payload');
  }
  if (plain.id !== cfg.corpId) throw new WecomAuthError(403, 'payload is for another corp id');
  return plain.message;
}
