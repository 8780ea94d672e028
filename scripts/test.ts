// `npm test`: format and lint check, type check, then every suite that can run on this machine, saying which were
// skipped and why. Ends with one "N passed, N failed, N skipped" line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
process.chdir(root);
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const skipped: string[] = [];
const projects = ['unit', 'api'];
if (process.env.DATABASE_URL) projects.push('api-pg');
else skipped.push('api-pg：未设置 DATABASE_URL，API 测试只在 PGlite 上运行');
const hasBrowserTests =
  fs.existsSync('test/browser') && fs.readdirSync('test/browser').some((f) => f.endsWith('.test.ts'));
if (!fs.existsSync(chromium))
  skipped.push(`browser：找不到 Chromium（${chromium}）；apt-get install chromium fonts-noto-cjk 后可运行`);
else if (hasBrowserTests) projects.push('browser');

// Style and lint first: a change that fails them is not ready, whatever its tests say.
console.log('\n▶ 格式检查（prettier）');
if (run('npm', ['run', '--silent', 'format:check']) !== 0) {
  console.log('\n有文件未按格式整理：运行 npm run format 后再提交\n0 passed, 1 failed');
  process.exit(1);
}
console.log('\n▶ 代码检查（eslint）');
if (run('npm', ['run', '--silent', 'lint']) !== 0) {
  console.log('\n代码检查未通过（见上）\n0 passed, 1 failed');
  process.exit(1);
}
console.log('\n▶ 类型检查（tsc）');
if (run('npm', ['run', '--silent', 'typecheck']) !== 0) {
  console.log('\n类型检查未通过\n0 passed, 1 failed');
  process.exit(1);
}
if (projects.includes('browser')) {
  console.log('\n▶ 构建网页（vite build）');
  if (run(bin('vite'), ['build', '--logLevel', 'warn']) !== 0) {
    console.log('\n网页构建失败\n0 passed, 1 failed');
    process.exit(1);
  }
}

fs.mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
fs.rmSync(report, { force: true });
console.log(`\n▶ vitest:${projects.join('、')}`);
const status = run(bin('vitest'), [
  'run',
  ...projects.flatMap((p) => ['--project', p]),
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
]);

let passed = 0,
  failed = 0,
  pending = 0;
if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  pending = r.numPendingTests + r.numTodoTests;
}
console.log('\n测试汇总');
console.log(`  运行：${projects.join('、')}`);
for (const s of skipped) console.log(`  跳过 ${s}`);
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
process.exit(status === 0 ? 0 : 1);
