// The product as a child process on a temporary embedded data directory: what the process
// tests start, stop and restart.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A temporary data directory, removed by `removeTempDirs` (call it in afterAll). */
const dirs: string[] = [];
export function tempDataDir(prefix = 'yiyang-') {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
}
export const removeTempDirs = () => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  output: () => string;
  /** Up (it printed that it started), or the exit code it ended with before that. */
  outcome: Promise<{ up: true } | { up: false; code: number | null }>;
}

/** Starts the server from source on a free-looking port; its stdout and stderr are collected. */
export function spawnServer(dataDir: string, env: Record<string, string> = {}): ServerProcess {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      WEB_DIR: '/nonexistent',
      // Several servers run at once in these tests: the device ports stay closed unless asked for.
      WATCH_GATEWAY_PORT: '0',
      MQTT_EMBEDDED_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const outcome = new Promise<{ up: true } | { up: false; code: number | null }>((resolve) => {
    const timer = setInterval(() => {
      if (out.includes('颐养已启动')) {
        clearInterval(timer);
        resolve({ up: true });
      }
    }, 100);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ up: false, code });
    });
  });
  return { child, port, output: () => out, outcome };
}
