// WeCom server API client: access token (cached until shortly before expiry, refreshed on
// 40014/42001/40001), message/send to users and appchat/send to group chats. Uses fetch.
// Errors carry `permanent` (retrying cannot help: unknown user, no permission) or not (rate
// limit 45009, a second token error, HTTP 5xx, network): the outbox retries the latter.
// message/send asks WeCom to drop a repeated identical request (enable_duplicate_check): the
// outbox's last line of defence when a crash hides whether a send went out.
export interface WecomApiOptions {
  apiBase: string;
  corpId: string;
  secret: string;
  agentId: string;
  fetch?: typeof fetch;
  now?: () => number;
  log?: (msg: string) => void;
  timeoutMs?: number;
}

/**
 * Answers retrying cannot fix: unknown/invisible user (40003, 81013, 60111), agent or
 * permission problems (40056, 48002, 60011, 60020 IP not allowed), content rejected (40058, 45002).
 * They fail the outbox row (visible in `npm run cli -- push status`, requeue after fixing).
 */
const PERMANENT_ERRORS = new Set([40003, 40056, 40058, 45002, 48002, 60011, 60020, 60111, 81013]);

export class WecomApiError extends Error {
  readonly permanent: boolean;
  constructor(readonly errcode: number, readonly errmsg: string, readonly path: string, permanent?: boolean) {
    super(`WeCom ${path} failed: ${errcode} ${errmsg}`);
    this.permanent = permanent ?? PERMANENT_ERRORS.has(errcode);
  }
}

/**
 * WeCom drops a message/send whose request JSON equals one sent within this many seconds
 * (enable_duplicate_check). It covers the outbox's re-claim window (a crashed sender's lease).
 */
export const DUPLICATE_CHECK_SECONDS = 1800;

/** Token errors after which a fresh token is fetched and the call retried once. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** WeCom's text message limit is 2048 bytes; stay a little under. */
export const MAX_TEXT_BYTES = 2000;

interface ApiResponse {
  errcode?: number;
  errmsg?: string;
  [k: string]: unknown;
}

export class WecomApi {
  private token: { value: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly opts: WecomApiOptions) {
    this.fetchFn = opts.fetch ?? fetch;
    this.now = opts.now ?? Date.now;
  }

  /** A valid access token; one request at a time refreshes it. */
  async accessToken(force = false): Promise<string> {
    if (!force && this.token && this.now() < this.token.expiresAt) return this.token.value;
    if (this.pending) return this.pending;
    this.pending = (async () => {
      const url = `${this.opts.apiBase}/cgi-bin/gettoken?corpid=${encodeURIComponent(this.opts.corpId)}&corpsecret=${encodeURIComponent(this.opts.secret)}`;
      const res = await this.request(url, undefined, '/cgi-bin/gettoken');
      if (res.errcode || typeof res.access_token !== 'string') throw new WecomApiError(res.errcode ?? -1, res.errmsg ?? 'no access_token', '/cgi-bin/gettoken');
      const ttl = Number(res.expires_in ?? 7200);
      // Refresh five minutes early (or at half-life for short test tokens).
      this.token = { value: res.access_token, expiresAt: this.now() + Math.max(1, ttl - Math.min(300, ttl / 2)) * 1000 };
      return res.access_token;
    })().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async request(url: string, body: unknown, path: string): Promise<ApiResponse> {
    const res = await this.fetchFn(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? undefined : { 'content-type': 'application/json; charset=utf-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
    });
    if (!res.ok) throw new WecomApiError(res.status, `HTTP ${res.status}`, path);
    return (await res.json()) as ApiResponse;
  }

  /** POSTs to a /cgi-bin path with the access token; retries once with a new token on token errors. */
  async call(path: string, body: unknown): Promise<ApiResponse> {
    for (let attempt = 1; ; attempt++) {
      const token = await this.accessToken(attempt > 1);
      const res = await this.request(`${this.opts.apiBase}${path}?access_token=${encodeURIComponent(token)}`, body, path);
      const code = res.errcode ?? 0;
      if (code === 0) {
        // A 200 with errcode 0 can still name recipients that got nothing (not in the app's
        // visible range, left the company): that is a failed delivery, not a success.
        const invalid = [['invaliduser', res.invaliduser], ['invalidparty', res.invalidparty], ['invalidtag', res.invalidtag]].filter(([, v]) => typeof v === 'string' && v !== '');
        if (invalid.length) throw new WecomApiError(0, invalid.map(([k, v]) => `${k} ${v}`).join(', '), path, true);
        return res;
      }
      if (attempt === 1 && TOKEN_ERRORS.has(code)) {
        this.opts.log?.(`WeCom ${path}: token rejected (${code}), refreshing`);
        this.token = null;
        continue;
      }
      throw new WecomApiError(code, res.errmsg ?? '', path);
    }
  }

  /**
   * Uploads a temporary file (media/upload, multipart field "media"; WeCom keeps it 3 days; type
   * file: 5 bytes–20 MB, type image: JPG/PNG up to 2 MB) and returns its media_id. Retries once
   * on a token error.
   */
  async uploadFile(name: string, bytes: Buffer, mime = 'application/octet-stream', type: 'file' | 'image' = 'file'): Promise<string> {
    const path = '/cgi-bin/media/upload';
    for (let attempt = 1; ; attempt++) {
      const token = await this.accessToken(attempt > 1);
      const form = new FormData();
      form.append('media', new Blob([new Uint8Array(bytes)], { type: mime }), name);
      const res = await this.fetchFn(`${this.opts.apiBase}${path}?access_token=${encodeURIComponent(token)}&type=${type}`, {
        method: 'POST',
        body: form,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 60_000),
      });
      if (!res.ok) throw new WecomApiError(res.status, `HTTP ${res.status}`, path);
      const body = (await res.json()) as ApiResponse;
      const code = body.errcode ?? 0;
      if (code === 0 && typeof body.media_id === 'string') return body.media_id;
      if (attempt === 1 && TOKEN_ERRORS.has(code)) {
        this.token = null;
        continue;
      }
      throw new WecomApiError(code || -1, body.errmsg ?? 'no media_id', path);
    }
  }

  /**
   * Downloads a temporary media file (media/get: a voice message's MediaId, kept 3 days). The
   * answer is the file itself, or JSON with an errcode (40007: invalid/expired media_id).
   * Retries once on a token error.
   */
  async downloadMedia(mediaId: string): Promise<{ bytes: Buffer; mime: string; name: string | null }> {
    const path = '/cgi-bin/media/get';
    for (let attempt = 1; ; attempt++) {
      const token = await this.accessToken(attempt > 1);
      const res = await this.fetchFn(`${this.opts.apiBase}${path}?access_token=${encodeURIComponent(token)}&media_id=${encodeURIComponent(mediaId)}`, {
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 60_000),
      });
      if (!res.ok) throw new WecomApiError(res.status, `HTTP ${res.status}`, path);
      const mime = (res.headers.get('content-type') ?? 'application/octet-stream').split(';')[0].trim();
      const bytes = Buffer.from(await res.arrayBuffer());
      if (!/json|text\/plain/i.test(mime)) {
        const name = /filename="?([^";]+)"?/i.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? null;
        return { bytes, mime, name };
      }
      let body: ApiResponse;
      try {
        body = JSON.parse(bytes.toString('utf8')) as ApiResponse;
      } catch {
        throw new WecomApiError(-1, `media/get answered ${mime} that is not JSON`, path);
      }
      const code = body.errcode ?? -1;
      if (attempt === 1 && TOKEN_ERRORS.has(code)) {
        this.token = null;
        continue;
      }
      throw new WecomApiError(code, body.errmsg ?? 'no media', path, code === 40007 ? true : undefined);
    }
  }

  /**
   * Members of one department (user/simplelist: userid + name; the app needs view permission on
   * the department). Sub-departments are not included — WeCom wants them fetched one by one.
   */
  async departmentMembers(departmentId: number): Promise<Array<{ userid: string; name: string }>> {
    const path = '/cgi-bin/user/simplelist';
    for (let attempt = 1; ; attempt++) {
      const token = await this.accessToken(attempt > 1);
      const res = await this.request(`${this.opts.apiBase}${path}?access_token=${encodeURIComponent(token)}&department_id=${departmentId}`, undefined, path);
      const code = res.errcode ?? 0;
      if (code === 0) return Array.isArray(res.userlist) ? (res.userlist as Array<{ userid: string; name: string }>) : [];
      if (attempt === 1 && TOKEN_ERRORS.has(code)) {
        this.token = null;
        continue;
      }
      throw new WecomApiError(code, res.errmsg ?? '', path);
    }
  }

  /** Sends an uploaded file to users (message/send msgtype file). */
  async sendFileMessage(toUser: string, mediaId: string): Promise<void> {
    await this.call('/cgi-bin/message/send', { touser: toUser, msgtype: 'file', agentid: Number(this.opts.agentId), file: { media_id: mediaId }, safe: 0 });
  }

  /** Sends an uploaded image to users (message/send msgtype image): shown inline in the chat. */
  async sendImageMessage(toUser: string, mediaId: string): Promise<void> {
    await this.call('/cgi-bin/message/send', { touser: toUser, msgtype: 'image', agentid: Number(this.opts.agentId), image: { media_id: mediaId }, safe: 0 });
  }

  /** Sends an uploaded image to an app group chat (appchat/send msgtype image). */
  async sendChatImage(chatId: string, mediaId: string): Promise<void> {
    await this.call('/cgi-bin/appchat/send', { chatid: chatId, msgtype: 'image', image: { media_id: mediaId }, safe: 0 });
  }

  /** Sends an uploaded file to an app group chat (appchat/send msgtype file). */
  async sendChatFile(chatId: string, mediaId: string): Promise<void> {
    await this.call('/cgi-bin/appchat/send', { chatid: chatId, msgtype: 'file', file: { media_id: mediaId }, safe: 0 });
  }

  /** Sends text to one or more users ("a|b"), split into chunks WeCom accepts. */
  async sendText(toUser: string, content: string): Promise<void> {
    for (const part of splitText(content)) await this.sendTextPart(toUser, part);
  }

  /**
   * One message/send of text (at most MAX_TEXT_BYTES). `key` identifies this part of this
   * outbox message: it is appended invisibly, so that a resend of the same part is identical
   * (and dropped by WeCom's duplicate check) while two different messages with the same words
   * are not mistaken for one.
   */
  async sendTextPart(toUser: string, content: string, key?: string): Promise<void> {
    await this.call('/cgi-bin/message/send', {
      touser: toUser,
      msgtype: 'text',
      agentid: Number(this.opts.agentId),
      text: { content: key ? `${content}${invisibleTag(key)}` : content },
      safe: 0,
      enable_duplicate_check: 1,
      duplicate_check_interval: DUPLICATE_CHECK_SECONDS,
    });
  }

  /** Sends a button card (template_card, button_interaction); button presses come back as template_card_event. */
  async sendButtonCard(toUser: string, card: { title: string; desc?: string; taskId: string; buttons: Array<{ text: string; key: string; style?: number }> }): Promise<void> {
    await this.call('/cgi-bin/message/send', {
      touser: toUser,
      msgtype: 'template_card',
      agentid: Number(this.opts.agentId),
      enable_duplicate_check: 1,
      duplicate_check_interval: DUPLICATE_CHECK_SECONDS,
      template_card: {
        card_type: 'button_interaction',
        main_title: { title: clipChars(card.title, 26), ...(card.desc ? { desc: clipChars(card.desc, 30) } : {}) },
        task_id: card.taskId,
        button_list: card.buttons.slice(0, 6).map((b) => ({ text: clipChars(b.text, 10), style: b.style ?? 1, key: b.key })),
      },
    });
  }

  /**
   * Turns the buttons of a pressed button_interaction card into one unclickable label
   * (message/update_template_card). `responseCode` comes with the template_card_event and may be
   * used once, within 72 hours.
   */
  async updateButtonCard(toUser: string, responseCode: string, replaceName: string): Promise<void> {
    await this.call('/cgi-bin/message/update_template_card', {
      userids: [toUser],
      agentid: Number(this.opts.agentId),
      response_code: responseCode,
      button: { replace_name: clipChars(replaceName, 10) },
    });
  }

  /** Sends text to a group chat created by the app (appchat). */
  async sendChatText(chatId: string, content: string): Promise<void> {
    for (const part of splitText(content)) {
      await this.call('/cgi-bin/appchat/send', { chatid: chatId, msgtype: 'text', text: { content: part }, safe: 0 });
    }
  }
}

/** 16 zero-width characters (ZWSP / ZWNJ) spelling 16 bits of a hash of `key`. */
export function invisibleTag(key: string): string {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  let out = '';
  for (let b = 0; b < 16; b++) out += (h >>> b) & 1 ? '\u200c' : '\u200b';
  return out;
}

function clipChars(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** Splits text into pieces of at most `maxBytes` UTF-8 bytes, preferring line breaks. */
export function splitText(text: string, maxBytes = MAX_TEXT_BYTES): string[] {
  if (Buffer.byteLength(text) <= maxBytes) return [text];
  const parts: string[] = [];
  let cur = '';
  for (const line of text.split('\n')) {
    const candidate = cur ? `${cur}\n${line}` : line;
    if (Buffer.byteLength(candidate) <= maxBytes) {
      cur = candidate;
      continue;
    }
    if (cur) parts.push(cur);
    cur = '';
    // A single over-long line: cut by characters.
    let piece = '';
    for (const ch of line) {
      if (Buffer.byteLength(piece + ch) > maxBytes) {
        parts.push(piece);
        piece = '';
      }
      piece += ch;
    }
    cur = piece;
  }
  if (cur) parts.push(cur);
  return parts;
}
