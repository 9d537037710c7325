// The pod's boot id: a random number it draws at each boot and gives as the detail of its reply
// to getStatus (firmware 0.5 on). A host that was away tells a new boot by it, also one whose
// clock, seqs and sample count went on past the old boot's meanwhile.
import { COMMAND_GET_STATUS, REPLY_OK } from '../../firmware/protocol/messageIds';

type MaybeReply = { type: string; commandId?: number; status?: number; detail?: number };

/** a reply ok to getStatus: the pod says which boot it runs (detail 0 from a firmware older than 0.5) */
export function isStatusReply(msg: MaybeReply): boolean {
  return msg.type === 'reply' && msg.commandId === COMMAND_GET_STATUS && msg.status === REPLY_OK;
}

/** the boot id a message gives: a reply to getStatus from firmware 0.5 on; else 0 */
export function bootIdOf(msg: MaybeReply): number {
  return isStatusReply(msg) ? msg.detail ?? 0 : 0;
}
