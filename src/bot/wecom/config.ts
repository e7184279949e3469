// WeCom (企业微信) self-built app settings, from the environment only. Secrets are never logged.
export interface WecomConfig {
  corpId: string;
  agentId: string;
  secret: string;
  /** Callback "Token" from the app's 接收消息 settings. */
  token: string;
  /** Callback "EncodingAESKey" (43 characters). */
  encodingAesKey: string;
  port: number;
  host: string;
  path: string;
  apiBase: string;
  /** Reject callbacks whose timestamp is further than this from now (replay protection). */
  maxSkewSeconds: number;
}

const REQUIRED = ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'] as const;

/** null when WeCom is not configured at all; throws when it is configured only in part. */
export function wecomConfigFromEnv(env: NodeJS.ProcessEnv = process.env): WecomConfig | null {
  const present = REQUIRED.filter((k) => env[k]);
  if (present.length === 0) return null;
  const missing = REQUIRED.filter((k) => !env[k]);
  if (missing.length) throw new Error(`WeCom is partly configured: missing ${missing.join(', ')}`);
  const aesKey = env.WECOM_ENCODING_AES_KEY!;
  if (!/^[A-Za-z0-9+/]{43}$/.test(aesKey)) throw new Error('WECOM_ENCODING_AES_KEY must be the 43-character EncodingAESKey from the WeCom console');
  const path = env.WECOM_PATH || '/wecom/callback';
  return {
    corpId: env.WECOM_CORP_ID!,
    agentId: env.WECOM_AGENT_ID!,
    secret: env.WECOM_SECRET!,
    token: env.WECOM_TOKEN!,
    encodingAesKey: aesKey,
    port: intOr(env.WECOM_PORT, 3001),
    host: env.WECOM_HOST || '0.0.0.0',
    path: path.startsWith('/') ? path : `/${path}`,
    apiBase: (env.WECOM_API_BASE || 'https://qyapi.weixin.qq.com').replace(/\/+$/, ''),
    maxSkewSeconds: intOr(env.WECOM_MAX_SKEW_SECONDS, 300),
  };
}

function intOr(v: string | undefined, d: number): number {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isInteger(n) && n >= 0 ? n : d;
}
