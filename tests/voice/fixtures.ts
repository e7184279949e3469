// Audio fixtures made by the tests themselves: a real AMR-NB clip (encoded with the same
// opencore-amr codec the app decodes with) and a real Ogg Opus file (Ogg pages with CRCs, the
// OpusHead/OpusTags headers and 20 ms Opus frames) — what WeCom and Slack deliver.
import { encodeAmr } from '../../src/voice/amr.js';

/** `seconds` of a voice-like signal (a few harmonics with a slow envelope) as AMR-NB. */
export function makeAmr(seconds: number): Buffer {
  const rate = 8000;
  const s = new Float32Array(Math.round(seconds * rate));
  for (let i = 0; i < s.length; i++) {
    const t = i / rate;
    const env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
    s[i] = env * (0.25 * Math.sin(2 * Math.PI * 180 * t) + 0.12 * Math.sin(2 * Math.PI * 360 * t) + 0.06 * Math.sin(2 * Math.PI * 720 * t));
  }
  return encodeAmr(s, rate);
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();
function oggCrc(buf: Buffer): number {
  let crc = 0;
  for (const b of buf) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xff]) >>> 0;
  return crc >>> 0;
}

function page(packets: Buffer[], o: { type: number; granule: bigint; serial: number; seq: number }): Buffer {
  const lacing: number[] = [];
  for (const p of packets) {
    let n = p.length;
    while (n >= 255) {
      lacing.push(255);
      n -= 255;
    }
    lacing.push(n);
  }
  const h = Buffer.alloc(27 + lacing.length);
  h.write('OggS', 0, 'ascii');
  h[4] = 0;
  h[5] = o.type;
  h.writeBigInt64LE(o.granule, 6);
  h.writeUInt32LE(o.serial, 14);
  h.writeUInt32LE(o.seq, 18);
  h[26] = lacing.length;
  lacing.forEach((l, i) => (h[27 + i] = l));
  const out = Buffer.concat([h, ...packets]);
  out.writeUInt32LE(oggCrc(out), 22);
  return out;
}

/** An Ogg Opus file of `seconds` of (silent) 20 ms mono frames. */
export function makeOggOpus(seconds: number): Buffer {
  const serial = 0x5a17;
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'ascii');
  head[8] = 1;
  head[9] = 1;
  head.writeUInt16LE(312, 10);
  head.writeUInt32LE(48000, 12);
  const vendor = Buffer.from('sales-assistant tests');
  const tags = Buffer.concat([Buffer.from('OpusTags'), Buffer.from(Uint32Array.of(vendor.length).buffer), vendor, Buffer.alloc(4)]);
  const frames = Math.round(seconds * 50);
  const pages = [page([head], { type: 2, granule: 0n, serial, seq: 0 }), page([tags], { type: 0, granule: 0n, serial, seq: 1 })];
  for (let i = 0, seq = 2; i < frames; i += 50, seq++) {
    const n = Math.min(50, frames - i);
    const packets = Array.from({ length: n }, () => Buffer.from([0xf8, 0xff, 0xfe]));
    pages.push(page(packets, { type: i + n >= frames ? 4 : 0, granule: BigInt((i + n) * 960), serial, seq }));
  }
  return Buffer.concat(pages);
}
