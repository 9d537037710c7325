import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadStorageCopies, removeStorageCopies, saveStorageCopies, storageCopiesBaseDir } from '../../../host-tools/flash/storageBackup';

describe('the pod\'s files kept on the host during a flash', () => {
  const before = process.env.XDG_STATE_HOME;
  let stateHome: string;

  beforeEach(() => {
    stateHome = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-state-'));
    process.env.XDG_STATE_HOME = stateHome;
  });

  afterEach(() => {
    if (before === undefined) delete process.env.XDG_STATE_HOME;
    else process.env.XDG_STATE_HOME = before;
    fs.rmSync(stateHome, { recursive: true, force: true });
  });

  it('go to the user\'s state directory and come back byte for byte, names with any character included', () => {
    const log = Uint8Array.from({ length: 700 }, (_, i) => (i * 37) & 0xff);
    const copies = [
      { name: 'lplog', size: 4096, bytes: log },
      { name: 'a/b:c?.json', size: 11, bytes: Uint8Array.from(Buffer.from('{"rate":52}')) },
    ];
    const dir = saveStorageCopies(copies);
    expect(path.dirname(dir)).to.equal(path.join(stateHome, 'lumbarpod'));
    expect(loadStorageCopies(dir)).to.deep.equal(copies);
    removeStorageCopies(dir);
    expect(fs.existsSync(dir)).to.equal(false);
    expect(saveStorageCopies([]), 'nothing to keep, no directory').to.equal('');
  });

  it('a state directory that cannot be created is an error at once, not a hang (a new name under /proc)', () => {
    // in a child process: were it to hang, the time limit ends it and the test fails
    const script = `require(${JSON.stringify(require.resolve('../../../host-tools/flash/storageBackup'))}).saveStorageCopies([{ name: 'lplog', size: 1, bytes: new Uint8Array(1) }])`;
    const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      env: { ...process.env, XDG_STATE_HOME: `/proc/lumbarpod-state-${process.pid}` }, encoding: 'utf8', timeout: 60000,
    });
    expect(child.signal, 'ended by the time limit').to.equal(null);
    expect(child.status).to.not.equal(0);
    expect(child.stderr).to.include(`/proc/lumbarpod-state-${process.pid}/lumbarpod cannot be made: /proc takes no new directories`);
  });

  it('a state directory with a file in its way is said in words naming it, not as a system error code', () => {
    const file = path.join(stateHome, 'a-file');
    fs.writeFileSync(file, '');
    process.env.XDG_STATE_HOME = file;
    expect(() => saveStorageCopies([{ name: 'lplog', size: 1, bytes: new Uint8Array(1) }])).to.throw(`${file}/lumbarpod cannot be made: a file is on the way, not a directory`);
  });

  it('a relative XDG_STATE_HOME is ignored, as the XDG rule says: the home directory\'s .local/state is used', () => {
    process.env.XDG_STATE_HOME = 'relative/state';
    expect(storageCopiesBaseDir()).to.equal(path.join(os.homedir(), '.local', 'state', 'lumbarpod'));
    delete process.env.XDG_STATE_HOME;
    expect(storageCopiesBaseDir()).to.equal(path.join(os.homedir(), '.local', 'state', 'lumbarpod'));
  });

  it('a directory that is not such a backup is refused in one sentence, in words (no system error code), saying where a flash keeps them', () => {
    const keptIn = `a flash keeps them in ${path.join(stateHome, 'lumbarpod')}`;
    expect(() => loadStorageCopies(stateHome)).to.throw(`${stateHome} holds no pod files a flash kept (it has no storage.json; ${keptIn})`);
    const missing = path.join(stateHome, 'pod-files-typo');
    expect(() => loadStorageCopies(missing)).to.throw(`${missing} holds no pod files a flash kept (there is no such directory; ${keptIn})`);
    const file = path.join(stateHome, 'a-file');
    fs.writeFileSync(file, '');
    expect(() => loadStorageCopies(file)).to.throw(`${file} holds no pod files a flash kept (it is a file, not a directory; ${keptIn})`);
    // a copy it lists gone (removed by hand)
    const dir = saveStorageCopies([{ name: 'lplog', size: 8, bytes: Uint8Array.of(1, 2, 3) }]);
    fs.rmSync(path.join(dir, '0-lplog'));
    expect(() => loadStorageCopies(dir)).to.throw(`${dir}: the copy of lplog it lists (0-lplog) cannot be read: no such file or directory`);
  });
});
