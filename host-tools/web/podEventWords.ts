// The event list's line for a pod's error message or a refused command, in words a runner reads
// on a phone: what happened and what to do, not the protocol's code and detail numbers.
import {
  ERROR_BAD_FRAME, ERROR_BATTERY_LOW, ERROR_NO_MEMORY, ERROR_RESTARTED, ERROR_SAMPLES_LOST, ERROR_STORAGE, REPLY_BAD_VERSION, REPLY_UNKNOWN_COMMAND,
} from '../../firmware/protocol/messageIds';
import { commandSpecById, ERROR_CODE_VALUES, NamedValue, REPLY_STATUS_VALUES } from '../../firmware/protocol/messageTypes';

/** what to do about a pod whose firmware this page does not speak */
export const UPDATE_FIRMWARE_WORDS = 'its firmware is older than this page: update it on the setup page';

/** the protocol's name of `value` among `values`, or the number where it has none */
export function nameOf(values: readonly NamedValue[], value: number): string {
  for (const v of values) if (v.value === value) return v.name;
  return String(value);
}

/** an error message of the pod (code and detail as in docs/protocol.md) */
export function podErrorWords(code: number, detail: number): string {
  if (code === ERROR_STORAGE) return `the pod's log is full (or its write failed): window ${detail} and those after it are not kept for later download`;
  if (code === ERROR_SAMPLES_LOST) return `the pod lost ${detail} IMU sample${detail === 1 ? '' : 's'}`;
  if (code === ERROR_BAD_FRAME) return `the pod dropped a damaged message from a host (${detail} so far)`;
  if (code === ERROR_BATTERY_LOW) return `the pod's battery is low (${detail} %)`;
  if (code === ERROR_RESTARTED) return 'the pod restarted';
  if (code === ERROR_NO_MEMORY) return 'the pod did not start recording: too little memory for its detector at this rate (record raw only, or at a lower rate)';
  return `pod error: ${nameOf(ERROR_CODE_VALUES, code)} (detail ${detail})`;
}

/** a command the pod answered with another status than ok */
export function refusedCommandWords(commandId: number, status: number): string {
  const command = commandSpecById(commandId)?.name ?? `command ${commandId}`;
  const why = nameOf(REPLY_STATUS_VALUES, status);
  if (status === REPLY_UNKNOWN_COMMAND || status === REPLY_BAD_VERSION) return `the pod refused ${command} (${why}): ${UPDATE_FIRMWARE_WORDS}`;
  return `the pod refused ${command} (${why})`;
}
