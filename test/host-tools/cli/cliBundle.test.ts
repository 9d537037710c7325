// bin/lumbarpod.js runs the host tools from one bundle (scripts/cliBundle.js): made again when a
// file it was made from changed, so an edited source is what runs; the same commands as through ts-node.
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');
const bin = path.join(root, 'bin', 'lumbarpod.js');
const { BUNDLE_FILE } = require(path.join(root, 'scripts', 'cliBundle.js')) as { BUNDLE_FILE: string };

function lumbarpod(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 60000, killSignal: 'SIGKILL' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('lumbarpod runs from its bundle', function () {
  this.timeout(120000);

  it('is made again when a file it was made from changed, and not otherwise (by content: a copy or a checkout moves every time)', () => {
    expect(lumbarpod('--version').status).to.equal(0);
    const made = fs.statSync(BUNDLE_FILE).mtimeMs;
    const inputs = JSON.parse(fs.readFileSync(path.join(path.dirname(BUNDLE_FILE), 'lumbarpod-cli.inputs.json'), 'utf8')) as { files: string[] };
    // the CLI's entry and modules deep in it are among what it was made from
    expect(inputs.files).to.include.members(['host-tools/cli/main.ts', 'host-tools/report/insights.ts', 'firmware/core/pipeline.ts']);
    // a source whose time moved, its content as it was: the same bundle
    const source = path.join(root, 'host-tools', 'report', 'insights.ts');
    const later = new Date(Date.now() + 2000);
    fs.utimesSync(source, later, later);
    expect(lumbarpod('--version').status).to.equal(0);
    expect(fs.statSync(BUNDLE_FILE).mtimeMs, 'nothing changed: the same bundle').to.equal(made);
    // a source changed (a line added, then taken away again)
    const text = fs.readFileSync(source, 'utf8');
    try {
      fs.writeFileSync(source, text + '\n');
      expect(lumbarpod('--version').status).to.equal(0);
      expect(fs.statSync(BUNDLE_FILE).mtimeMs, 'made again').to.be.above(made);
    } finally {
      fs.writeFileSync(source, text);
    }
  });

  it('a command fails as it does through ts-node: one line, the exit status, no stack', () => {
    const run = lumbarpod('replay', path.join(root, 'no-such-file.csv'));
    expect(run.status).to.equal(1);
    expect(run.stderr.trimEnd().split('\n')).to.have.length(1);
    expect(run.stderr).to.match(/^lumbarpod: .*no-such-file\.csv/);
  });
});
