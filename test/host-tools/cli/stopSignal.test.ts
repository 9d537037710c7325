// stopSignal in a process of its own, sent real signals: what each Ctrl-C in turn does.
import { expect } from 'chai';
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');

/**
 * A process that takes stopSignal (with `onQuit` saying "quit: files not closed" when `withQuit`),
 * prints "stopped" and "hurried" as they resolve, and stays up as a command stuck closing would;
 * or, `done`, one whose work is done, which prints "exiting" after 1 s and exits by itself.
 */
function startListener(withQuit: boolean, done = false): { child: ChildProcess; stdout: () => string; stderr: () => string; printed: (text: string) => Promise<void> } {
  const script = `
    require('ts-node').register({ transpileOnly: true, project: ${JSON.stringify(path.join(root, 'tsconfig.json'))} });
    const { stopSignal } = require(${JSON.stringify(path.join(root, 'host-tools', 'cli', 'stopSignal'))});
    const signal = stopSignal(${withQuit ? "() => process.stderr.write('quit: files not closed\\n')" : ''});
    signal.stopped.then(() => console.log('stopped'));
    signal.hurried.then(() => console.log('hurried'));
    ${done ? "signal.done(); setTimeout(() => console.log('exiting'), 1000);" : 'setInterval(() => undefined, 1000);'}
    console.log('ready');
  `;
  const child = spawn(process.execPath, ['-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const printed = (text: string) => new Promise<void>((resolve, reject) => {
    const check = (): void => {
      if (!stdout.split('\n').includes(text)) return;
      child.stdout!.off('data', check);
      resolve();
    };
    child.stdout!.on('data', check);
    child.once('exit', () => reject(new Error(`exited before printing ${text}:\n${stdout}\n${stderr}`)));
    check();
  });
  return { child, stdout: () => stdout, stderr: () => stderr, printed };
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('stopSignal', function () {
  this.timeout(60000);

  it('with onQuit: the first Ctrl-C stops, the second hurries, only the third quits, saying what is left undone, with status 130', async () => {
    const listener = startListener(true);
    try {
      await listener.printed('ready');
      listener.child.kill('SIGINT');
      await listener.printed('stopped');
      listener.child.kill('SIGINT');
      await listener.printed('hurried');
      expect(listener.child.exitCode, 'still running after two').to.equal(null);
      const exit = exited(listener.child);
      listener.child.kill('SIGINT');
      expect(await exit).to.deep.equal({ code: 130, signal: null });
      expect(listener.stderr()).to.equal('quit: files not closed\n');
    } finally {
      listener.child.kill('SIGKILL');
    }
  });

  it('once done (the files closed), a Ctrl-C while the process exits is taken and ignored: it exits as it would have, with status 0', async () => {
    const listener = startListener(true, true);
    try {
      await listener.printed('ready');
      const exit = exited(listener.child);
      listener.child.kill('SIGINT');
      expect(await exit).to.deep.equal({ code: 0, signal: null });
      expect(listener.stdout()).to.equal('ready\nexiting\n');
      expect(listener.stderr()).to.equal('');
    } finally {
      listener.child.kill('SIGKILL');
    }
  });

  it('without onQuit: the second Ctrl-C ends the process at once, as Node does by default', async () => {
    const listener = startListener(false);
    try {
      await listener.printed('ready');
      listener.child.kill('SIGINT');
      await listener.printed('stopped');
      const exit = exited(listener.child);
      listener.child.kill('SIGINT');
      expect(await exit).to.deep.equal({ code: null, signal: 'SIGINT' });
      expect(listener.stdout()).to.not.match(/hurried/);
    } finally {
      listener.child.kill('SIGKILL');
    }
  });
});
