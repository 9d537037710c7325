import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

function typecheck(project: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit'], { cwd: root, encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('type checking', () => {
  it('host tools, tests and firmware pass strict TypeScript', () => {
    const result = typecheck('tsconfig.json');
    expect(result.output).to.equal('');
    expect(result.status).to.equal(0);
  });

  it('firmware and boards compile against the ES5 library alone (what Espruino offers)', () => {
    const result = typecheck('tsconfig.firmware.json');
    expect(result.output).to.equal('');
    expect(result.status).to.equal(0);
  });
});
