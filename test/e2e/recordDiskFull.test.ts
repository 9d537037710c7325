// `lumbarpod record` (the CLI, in this process) of the simulated pod on a pseudo-terminal into a
// file system that fills up mid-recording (a small tmpfs, so the real writes meet a real ENOSPC):
// one message says the disk is full and where the recording is, the pod is stopped, what came
// before the fault stays readable by replay, report and export, and no temporary file is left.
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { STATUS_RECORDING } from '../../firmware/protocol/messageIds';
import { main } from '../../host-tools/cli/main';
import { openPodSerialLink } from '../../host-tools/link/podSerialLink';
import { readPodRecording } from '../../host-tools/recording/podRecording';
import { startPodOnPty } from '../../host-tools/sim/podOnPty';
import { generateSynthetic } from '../../host-tools/synthetic/generate';
import { flashedPodHeldUntilStart } from './simPodHelpers';

/** virtual ms per wall ms */
const SPEED = 20;
/** the small disk: raw.csv fills it in a few seconds of the pod's time at SPEED */
const DISK_KB = 192;

describe('lumbarpod record onto a disk that fills up', function () {
  this.timeout(120000);
  let dir = '';
  let disk = '';

  before(function () {
    // a tmpfs of its own needs root (CAP_SYS_ADMIN); elsewhere the writer's tests cover the fault with /dev/full
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-diskfull-'));
    disk = path.join(dir, 'disk');
    fs.mkdirSync(disk);
    const mounted = process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_KB}k`, 'tmpfs', disk]).status === 0;
    if (!mounted) {
      disk = '';
      this.skip();
    }
  });
  after(() => {
    if (disk !== '') spawnSync('umount', [disk]);
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says the disk is full and where the recording is, stops the pod, keeps what came before readable, and leaves no temporary file', async () => {
    const { sim, held } = await flashedPodHeldUntilStart(generateSynthetic({
      sampleRateHz: 104, seed: 7, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 300, cadenceSpm: 170 }],
    }));
    const pod = await startPodOnPty(sim, { speed: SPEED, heldSource: held });
    const out = path.join(disk, 'run');
    let stdout = '';
    let stderr = '';
    const io = { out: (text: string) => { stdout += text; }, err: (text: string) => { stderr += text; } };
    let podFlags = -1;
    try {
      const code = await main(['node', 'lumbarpod', 'record', '--port', pod.hostPath, '--out', out, '--duration', '60'], io);
      expect(code, stderr + stdout).to.equal(1);
      const link = await openPodSerialLink(pod.hostPath);
      podFlags = (await link.requestStatus())?.flags ?? -1;
      await link.close();
      expect(sim.crashes.map((c) => c.message)).to.deep.equal([]);
    } finally {
      await pod.close();
    }
    expect(podFlags & STATUS_RECORDING, 'the pod still records').to.equal(0);
    // one message, the last line, naming the fault, the directory and what became of the pod
    const said = stderr.split('\n').filter((line) => line.startsWith('lumbarpod: '));
    expect(said, stderr).to.have.length(1);
    expect(said[0]).to.contain(`lumbarpod: the disk is full: the recording in ${out} ends where`);
    expect(said[0]).to.contain('the pod was told to stop recording and did');
    expect(said[0]).not.to.contain('ENOSPC');
    expect(stdout, 'no totals line as if the recording were whole').to.equal('');
    expect(fs.readdirSync(out).sort()).to.deep.equal(['messages.ndjson', 'raw.csv', 'recording.json']);

    const recording = readPodRecording(out);
    expect(recording.meta.complete).to.equal(false);
    expect(recording.meta.endedBy).to.equal('error');
    // why, in recording.json; the sessionError event says the same where the full disk left messages.ndjson room for it
    expect(recording.meta.failure).to.match(/^the disk is full: (raw\.csv|messages\.ndjson) could not be written$/);
    const lastLine = recording.lines[recording.lines.length - 1];
    if (lastLine.type === 'linkEvent' && lastLine.event === 'sessionError') expect(lastLine.reason).to.equal(recording.meta.failure);
    else expect(recording.lines.some((l) => l.event === 'sessionError'), 'a sessionError event not at the end').to.equal(false);
    expect(recording.problems.filter((p) => /cut short/.test(p)), 'the files end at a whole line').to.deep.equal([]);
    expect(recording.meta.rawSamples).to.equal(recording.sampleIndex.length);
    expect(recording.meta.rawSamples, 'samples before the fault').to.be.above(1000);
    const last = recording.sampleIndex[recording.sampleIndex.length - 1];
    const tail = recording.meta.gaps[recording.meta.gaps.length - 1];
    expect(tail.cause).to.equal('disk');
    expect(tail.fromSample).to.equal(last + 1);
    expect(tail.missingSamples).to.be.above(0);
    expect(recording.lines.filter((l) => l.type === 'step').length, 'steps before the fault').to.be.above(10);

    // the readers take it as it is: a copy, since report and export write beside it
    const copy = path.join(dir, 'copy');
    fs.cpSync(out, copy, { recursive: true });
    const quiet = { out: () => undefined, err: () => undefined };
    expect(await main(['node', 'lumbarpod', 'replay', copy], quiet), 'replay').to.equal(0);
    expect(await main(['node', 'lumbarpod', 'report', copy], quiet), 'report').to.equal(0);
    expect(fs.readFileSync(path.join(copy, 'report.html'), 'utf8'), 'the report says why').to.contain('the session failed: the disk is full');
    expect(await main(['node', 'lumbarpod', 'export', '--bids', copy, '--out', path.join(dir, 'bids')], quiet), 'export').to.equal(0);
  });
});
