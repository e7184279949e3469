// Slack app settings, from the environment only. Secrets are never logged.
export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  /** App-level token (xapp-…): Socket Mode when set, HTTP Events API otherwise. */
  appToken?: string;
  port: number;
  host: string;
  /** Web API base (tests, proxies); must end with "/". Default https://slack.com/api/. */
  apiUrl?: string;
  /** Slash command name (default /sales). */
  command: string;
}

/** null when Slack is not configured at all; throws when it is configured only in part. */
export function slackConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SlackConfig | null {
  if (!env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) return null;
  if (!env.SLACK_BOT_TOKEN) throw new Error('Slack is partly configured: SLACK_BOT_TOKEN is missing');
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) throw new Error('Slack HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode)');
  const port = Number(env.SLACK_PORT);
  const apiUrl = env.SLACK_API_URL ? (env.SLACK_API_URL.endsWith('/') ? env.SLACK_API_URL : `${env.SLACK_API_URL}/`) : undefined;
  return {
    botToken: env.SLACK_BOT_TOKEN,
    signingSecret: env.SLACK_SIGNING_SECRET ?? '',
    appToken: env.SLACK_APP_TOKEN || undefined,
    port: env.SLACK_PORT && Number.isInteger(port) && port >= 0 ? port : 3000,
    host: env.SLACK_HOST || '0.0.0.0',
    apiUrl,
    command: env.SLACK_COMMAND || '/sales',
  };
}
