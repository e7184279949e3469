// The WeCom directory as the domain's DirectoryPort (src/domain/teams/directory.ts): members of
// one department via user/simplelist.
import type { DirectoryPort } from '../../domain/teams/directory.js';
import { WecomApi } from './api.js';
import { wecomConfigFromEnv } from './config.js';

export function wecomDirectory(api: WecomApi): DirectoryPort {
  return {
    platform: 'WECOM',
    async members(department: string) {
      const id = Number(department);
      if (!Number.isInteger(id) || id < 1) throw new Error(`not a WeCom department id: ${department}`);
      return (await api.departmentMembers(id)).map((u) => ({ id: u.userid, name: u.name }));
    },
  };
}

/** From the WECOM_* variables; null when WeCom is not configured. */
export function wecomDirectoryFromEnv(env: NodeJS.ProcessEnv = process.env): DirectoryPort | null {
  const c = wecomConfigFromEnv(env);
  return c ? wecomDirectory(new WecomApi({ apiBase: c.apiBase, corpId: c.corpId, secret: c.secret, agentId: c.agentId })) : null;
}
