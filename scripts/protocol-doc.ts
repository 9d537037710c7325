// Writes docs/protocol.md from the protocol's field tables (host-tools/protocol/protocolDoc.ts).
// Run after changing firmware/protocol/messageTypes.ts: `npx ts-node scripts/protocol-doc.ts`.
import * as fs from 'fs';
import * as path from 'path';
import { PROTOCOL_DOC_PATH, renderProtocolDoc } from '../host-tools/protocol/protocolDoc';

const target = path.resolve(__dirname, '..', PROTOCOL_DOC_PATH);
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, renderProtocolDoc());
console.log(`wrote ${PROTOCOL_DOC_PATH}`);
