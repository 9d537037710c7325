import { expect } from 'chai';
import { dateTimeAfter, msBetweenDateTimes, parseDateTimeStamp } from '../../../host-tools/recording/dateTimeStamp';

describe('dateTimeStamp', () => {
  it('reads a UTC date-time, one with an offset, with a space for the T and a comma for the point, to the same instant', () => {
    const utc = parseDateTimeStamp('2024-03-01T10:00:00.000Z')!;
    expect(utc.wholeSecondMs).to.equal(Date.UTC(2024, 2, 1, 10, 0, 0));
    for (const text of ['2024-03-01T11:00:00.000+01:00', '2024-03-01 11:00:00.000+0100', '2024-03-01T11:00:00+01', '2024-03-01T05:30:00,000-04:30', ' 2024-03-01 10:00:00z ']) {
      const stamp = parseDateTimeStamp(text);
      expect(stamp, text).to.not.equal(undefined);
      expect(msBetweenDateTimes(utc, stamp!), text).to.equal(0);
    }
    expect(parseDateTimeStamp('2024-03-01 11:00:00,25+01:00')!.iso).to.equal('2024-03-01T11:00:00.25+01:00');
  });

  it('gives the ms between two stamps exactly, to the digits they write (microseconds, nanoseconds), where ms since 1970 would keep about one microsecond', () => {
    const first = parseDateTimeStamp('2024-03-01T10:00:00.000000Z')!;
    expect(msBetweenDateTimes(first, parseDateTimeStamp('2024-03-01T10:00:00.009615Z')!)).to.equal(9.615);
    expect(msBetweenDateTimes(first, parseDateTimeStamp('2024-03-01T10:00:00.010Z')!)).to.equal(10);
    expect(msBetweenDateTimes(first, parseDateTimeStamp('2024-03-01T10:00:12.46Z')!)).to.equal(12460);
    expect(msBetweenDateTimes(first, parseDateTimeStamp('2024-03-01T10:00:00.000000001Z')!)).to.equal(0.000001);
    // over midnight, a month's end and a leap day
    expect(msBetweenDateTimes(parseDateTimeStamp('2024-02-28T23:59:59.990Z')!, parseDateTimeStamp('2024-03-01T00:00:00.000Z')!)).to.equal(86400000 + 10);
  });

  it('takes no number, date alone, time alone or day the month does not have for a date-time', () => {
    for (const text of ['12460', '1.709e12', '2024-03-01', '10:00:00.000', '2024-02-30T10:00:00Z', '2024-13-01T10:00:00Z', '2024-03-01T24:00:00Z', '2024-03-01T10:00Z', '2024-03-01T10:00:00.000+1']) {
      expect(parseDateTimeStamp(text), text).to.equal(undefined);
    }
  });

  it('writes the date-time some ms after a stamp, in UTC, or on the stamp\'s own clock where it has no zone', () => {
    expect(dateTimeAfter(parseDateTimeStamp('2024-03-01T11:00:00.000+01:00')!, 12460.5)).to.equal('2024-03-01T10:00:12.4605Z');
    expect(dateTimeAfter(parseDateTimeStamp('2024-03-01 23:59:59.990')!, 20)).to.equal('2024-03-02T00:00:00.010');
    expect(dateTimeAfter(parseDateTimeStamp('2024-03-01T10:00:00Z')!, 3000)).to.equal('2024-03-01T10:00:03Z');
  });
});
