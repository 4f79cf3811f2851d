import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');

/**
 * Starts a built test runner (dist/libs/messaging/src/testing/<name>.js) as its own Node process, resolving
 * `@hub/*` to dist like the services do, and resolves once it prints "ready". Build first: npm test does.
 */
export async function startRunner(name: 'relay-runner' | 'consumer-runner', env: Record<string, string>): Promise<ChildProcess> {
  const entry = path.join(ROOT, 'dist/libs/messaging/src/testing', `${name}.js`);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build first (rm -rf dist && tsc -p tsconfig.build.json), as npm test does`);
  const child = spawn(process.execPath, ['-r', path.join(ROOT, 'scripts/runtime-paths.cjs'), entry], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready in 30 s: ${stderr}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}: ${stderr}`));
    });
  });
  return child;
}

/** SIGKILL, as a crash or an OOM kill would: no shutdown hook runs. Resolves once the process is gone. */
export function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
