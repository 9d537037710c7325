// The flashers' write-back of the pod's other Storage files beside a new firmware: copies keep
// their sizes when all fit; otherwise the erased room after their written bytes gives way,
// largest first, and the lines written into a Storage model of the pod's size read back the same
// bytes; when even the written bytes do not fit, nothing may be erased (the copy would be lost).
import { expect } from 'chai';
import { FLASH_LOG_RESERVE_BYTES } from '../../../firmware/device/flashLog';
import { copiesThatFit, LogTooLargeError, StoredFileCopy, storageCopies, storageRestoreLines } from '../../../host-tools/flash/storageOrder';
import { PUCK_STORAGE_BYTES, SimStorage, STORAGE_FILE_HEADER_BYTES } from '../../../host-tools/sim/simStorage';

/** a log of `written` bytes in a file of `size`, and a small config file, as a pod holds them */
function podFiles(logSize: number, logWritten: number): StoredFileCopy[] {
  return [
    { name: 'lplog', size: logSize, bytes: Uint8Array.from({ length: logWritten }, (_, i) => (i * 7 + 1) & 0x7f) },
    { name: 'lpconfig.json', size: 52, bytes: Uint8Array.from(Buffer.from('{"rateHz":104,"rawStream":0,"speedMms":0,"autoStart":1}'.slice(0, 52))) },
  ];
}

/** runs the flasher's lines against a Storage model: the firmware first, then the copies */
function writeBack(copies: StoredFileCopy[], firmwareBytes: number): SimStorage {
  const storage = new SimStorage({ capacityBytes: PUCK_STORAGE_BYTES });
  expect(storage.write('.bootcde', new Uint8Array(firmwareBytes).fill(0x41))).to.equal(true);
  const require = (): SimStorage => storage;
  for (const line of storageRestoreLines(copies)) expect(new Function('require', `return ${line}`)(require), line.slice(0, 60)).to.equal(true);
  return storage;
}

describe('flashing: the pod\'s files written back beside the firmware', () => {
  it('keeps every size when the firmware and the files fit', () => {
    const copies = podFiles(6000, 960);
    expect(copiesThatFit(copies, 30000, PUCK_STORAGE_BYTES)).to.equal(copies);
  });

  it('shortens the log\'s erased tail for a larger firmware, leaving the 1 KB the pod keeps for its settings, and its entries read back; the settings can then still change', () => {
    // an old firmware of 28,000 bytes left the log all the room but 1 KB
    const logSize = PUCK_STORAGE_BYTES - 3 * STORAGE_FILE_HEADER_BYTES - 28000 - 52 - 1024;
    const copies = podFiles(logSize, 96 * 30);
    const fitted = copiesThatFit(copies, 32000, PUCK_STORAGE_BYTES);
    expect(fitted[1].size, 'the config keeps its size').to.equal(52);
    expect(fitted[0].size).to.be.below(logSize);
    expect(fitted[0].size % 4).to.equal(0);
    const storage = writeBack(fitted, 32000);
    expect(storage.getFree(), 'the room the pod keeps, and no more than alignment over').to.be.within(FLASH_LOG_RESERVE_BYTES, FLASH_LOG_RESERVE_BYTES + 8);
    expect(Buffer.from(storage.fileBytes('lplog') as Uint8Array).subarray(0, copies[0].bytes.length)).to.deep.equal(Buffer.from(copies[0].bytes));
    expect(storage.list()).to.deep.equal(['.bootcde', 'lplog', 'lpconfig.json']);
    expect(storage.writeJSON('lpconfig.json', { rateHz: 208, rawStream: 1, speedMms: 3000, autoStart: 0 }), 'a settings change').to.equal(true);
    expect(storage.write('lpsetup', '1'), 'the set-up flag').to.equal(true);
    // the same copies at their old sizes would not have gone back
    expect(() => writeBack(copies, 32000)).to.throw();
  });

  it('copies every file but boot code: .bootcde is the firmware\'s, and .bootrst, .boot0-3 and .varimg, which Espruino would run with it or instead of it, are left out and said so', async () => {
    const storage = new SimStorage();
    for (const name of ['.bootcde', '.bootrst', '.boot0', '.varimg', 'lplog', 'lpconfig.json']) expect(storage.write(name, `${name} text`)).to.equal(true);
    const evaluate = async (expression: string): Promise<unknown> => new Function('require', 'btoa', `return ${expression}`)(() => storage, btoa);
    const copied: string[] = [];
    const leftOut: string[] = [];
    const copies = await storageCopies(evaluate, (name) => copied.push(name), (name) => leftOut.push(name));
    expect(copies.map((c) => c.name)).to.deep.equal(['lplog', 'lpconfig.json']);
    expect(copied).to.deep.equal(['lplog', 'lpconfig.json']);
    expect(leftOut).to.deep.equal(['.bootrst', '.boot0', '.varimg']);
    expect(Buffer.from(copies[0].bytes).toString()).to.equal('lplog text');
  });

  it('refuses, before anything is erased, when even the written bytes do not fit', () => {
    const copies = podFiles(12000, 11904);
    expect(() => copiesThatFit(copies, 30000, PUCK_STORAGE_BYTES)).to.throw(LogTooLargeError, /do not fit its 40960-byte Storage with 1024 bytes to spare$/);
    expect(() => copiesThatFit(copies, 30000, undefined as unknown as number)).to.throw(/size of its Storage/);
  });
});
