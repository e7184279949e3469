// Real bot processes for the kill tests: a fixture run with tsx in a child process, started until
// it prints a line matching `ready`, and stopped hard (SIGKILL, as a crash) or gently (SIGTERM).
import { spawn, type ChildProcess } from 'node:child_process';

export function startFixture(fixture: string, env: Record<string, string>, ready: RegExp, what = 'fixture'): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not get ready in time\nstdout: ${out}\nstderr: ${err}`));
    }, 60_000);
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = out.match(ready);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m, output: () => `stdout: ${out.slice(-4000)}\nstderr: ${err.slice(-4000)}` });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited early (${code})\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}

/** SIGKILL, resolving with the signal the process died of. */
export function killHard(child: ChildProcess): Promise<NodeJS.Signals | null> {
  return stop(child, 'SIGKILL');
}

export function stopGracefully(child: ChildProcess): Promise<NodeJS.Signals | null> {
  return stop(child, 'SIGTERM');
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (_code, sig) => resolve(sig));
    child.kill(signal);
  });
}
