import { expect } from 'chai';
import { openPortsAtBaud, SETUP_CONSOLE_BAUD } from '../../../host-tools/web/webSerialConsoleBaud';

describe('web serial ports opened at the setup console\'s rate', () => {
  it('a port the chooser gives opens at the rate set, its other options kept, each open heard of; each port so', async () => {
    const opened: object[] = [];
    const chooser = {
      requested: [] as unknown[],
      requestPort(options?: unknown) {
        this.requested.push(options);
        return Promise.resolve({ open: (o: { baudRate: number }) => { opened.push(o); return Promise.resolve(); } });
      },
    };
    let opensHeard = 0;
    openPortsAtBaud(chooser, SETUP_CONSOLE_BAUD, () => opensHeard++);
    const filters = { filters: [{ usbVendorId: 0x0483 }] };
    const port = await chooser.requestPort(filters);
    await port.open({ baudRate: 115200, bufferSize: 4096 } as { baudRate: number });
    await (await chooser.requestPort()).open({ baudRate: 115200 });
    expect(chooser.requested).to.deep.equal([filters, undefined]);
    expect(opened).to.deep.equal([{ baudRate: 9600, bufferSize: 4096 }, { baudRate: 9600 }]);
    expect(opensHeard).to.equal(2);
    expect(SETUP_CONSOLE_BAUD).to.equal(9600);
  });
});
