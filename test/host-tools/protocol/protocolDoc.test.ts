import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { MESSAGE_SPECS, COMMAND_SPECS } from '../../../firmware/protocol/messageTypes';
import { PROTOCOL_DOC_PATH, renderProtocolDoc } from '../../../host-tools/protocol/protocolDoc';

const root = path.resolve(__dirname, '..', '..', '..');

describe('protocol document', () => {
  it('docs/protocol.md is exactly what scripts/protocol-doc.ts renders from the field tables (run it after changing them)', () => {
    const onDisk = fs.readFileSync(path.join(root, PROTOCOL_DOC_PATH), 'utf8');
    expect(onDisk === renderProtocolDoc(), 'docs/protocol.md is stale: run `npx ts-node scripts/protocol-doc.ts`').to.equal(true);
  });

  it('documents every message, every field and every command', () => {
    const doc = renderProtocolDoc();
    for (const spec of MESSAGE_SPECS) {
      expect(doc).to.include(`### 0x${spec.id.toString(16).toUpperCase().padStart(2, '0')} ${spec.name}`);
      for (const field of spec.fields) expect(doc, `${spec.name}.${field.name}`).to.include(`| \`${field.name}\` |`);
    }
    for (const command of COMMAND_SPECS) expect(doc).to.include(`| \`${command.name}\` |`);
    for (const topic of ['## Framing on serial', '## CRC', '## Versioning', '## BLE', '0xCBF43926']) expect(doc).to.include(topic);
  });
});
