import { expect } from 'chai';
import { Option } from 'commander';
import { unknownOptionHint } from '../../../host-tools/cli/unknownOptionHint';
import { expectOneErrorLine, lumbarpodInProcess } from './cliInProcess';

/** record's options, in its help order */
const RECORD_OPTIONS = ['--port <path>', '--board <name>', '--duration <s>', '--wait <s>', '--out <dir>', '--no-raw', '--raw-only', '--speed <m/s>', '--rate <Hz>', '-h, --help']
  .map((flags) => new Option(flags));

describe('unknownOptionHint', () => {
  it('answers --raw, where only --no-raw is defined, with raw being the default and the options that start with raw, not --rate', () => {
    expect(unknownOptionHint('--raw', RECORD_OPTIONS)).to.equal('--raw is the default; --no-raw turns it off. Did you mean --raw-only?');
  });

  it('reads --raw=1 as --raw given a value', () => {
    expect(unknownOptionHint('--raw=1', RECORD_OPTIONS)).to.equal('--raw is the default; --no-raw turns it off. Did you mean --raw-only?');
  });

  it('suggests an option the typed name begins, however many letters it lacks (commander allows 3 edits)', () => {
    expect(unknownOptionHint('--dur', RECORD_OPTIONS)).to.equal('Did you mean --duration?');
  });

  it('suggests options with a later word the typed name begins, whole-name matches first', () => {
    const options = ['--acc-unit <unit>', '--gyro-unit <unit>', '--units-table'].map((flags) => new Option(flags));
    expect(unknownOptionHint('--unit', options)).to.equal('Did you mean one of --units-table, --acc-unit, --gyro-unit?');
  });

  it('makes no claim of a default for --no-X given a default of its own, nor where --X is defined too', () => {
    const ownDefault = [new Option('--no-color').default(false), new Option('--colors <n>')];
    expect(unknownOptionHint('--color', ownDefault)).to.equal('Did you mean one of --colors, --no-color?');
    const both = [new Option('--color'), new Option('--no-color')];
    expect(unknownOptionHint('--col', both)).to.equal('Did you mean one of --color, --no-color?');
  });

  it('leaves a name no option starts with, and short options, to commander', () => {
    expect(unknownOptionHint('--raws', RECORD_OPTIONS)).to.equal(undefined);
    expect(unknownOptionHint('--frobnicate', RECORD_OPTIONS)).to.equal(undefined);
    expect(unknownOptionHint('-r', RECORD_OPTIONS)).to.equal(undefined);
  });
});

describe('lumbarpod unknown options', () => {
  it('record --raw says raw samples are recorded unless --no-raw and points at --raw-only, not --rate (usage status 2)', async () => {
    const result = await lumbarpodInProcess('record', '--port', '/dev/null', '--raw');
    expect(result.code).to.equal(2);
    expect(expectOneErrorLine(result.err)).to.equal(
      "lumbarpod: unknown option '--raw' (--raw is the default; --no-raw turns it off. Did you mean --raw-only?) (see --help)");
  });

  it('keeps commander\'s guess where no option starts with the typed name: replay --raw is one letter off --rate', async () => {
    const result = await lumbarpodInProcess('replay', 'x.csv', '--raw');
    expect(result.code).to.equal(2);
    expect(expectOneErrorLine(result.err)).to.equal("lumbarpod: unknown option '--raw' (Did you mean --rate?) (see --help)");
  });
});
