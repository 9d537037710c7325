// The host's serial link to one pod (USB/UART, or the simulator's pseudo-terminal): bytes in go
// through the protocol's FrameDecoder, MessageDecoder and SequenceTracker and come out as events
// stamped with the host time they arrived; commands go out framed and are matched to the pod's
// reply by seq. Bad bytes are counted and reported, never thrown.
import { EventEmitter } from 'events';
import { SerialPort } from 'serialport';
import { setTimeout as sleep } from 'timers/promises';
import { DecodeFailure, Message, MessageByName, encodeMessage } from '../../firmware/protocol/codec';
import { CommandSpec, commandSpecById, commandSpecByName } from '../../firmware/protocol/messageTypes';
import { UserError } from '../cli/userError';
import { openHangupSafePort } from './hangupSafePort';
import { serialOpenProblem } from './serialOpenProblem';
import { FrameDecoder, FrameError, isFrameError } from '../protocol/frameDecoder';
import { frameOf } from '../protocol/frameEncoder';
import { MessageDecoder } from '../protocol/messageDecoder';
import { SequenceReport, SequenceTracker } from '../protocol/sequenceTracker';

/** the pod's UART and USB CDC rate (a pty ignores it) */
export const POD_BAUD_RATE = 115200;
/** the pod answers within one loop pass (tens of ms); readLog and a busy BLE link take longer */
export const DEFAULT_COMMAND_TIMEOUT_MS = 2000;
/** getStatus questions asked for the boot before what was held goes on unchecked */
const BOOT_QUESTIONS = 2;
/** messages held for the boot's answer at most (about 10 s of a 208 Hz raw stream): then they go on unchecked */
const HELD_MAX_MESSAGES = 1000;
/** header, command id and the longest arguments (readLog's u32) with room to spare */
const COMMAND_BUFFER_BYTES = 32;
/** how long a close waits for the last command's write to complete */
const CLOSE_WRITE_WAIT_MS = 1000;

export type ReplyMessage = MessageByName<'reply'>;
export type StatusMessage = MessageByName<'status'>;

/** how long the status may take to follow the reply to getStatus, at most */
export const STATUS_WAIT_MS = 1000;

export interface PodSerialLinkOptions {
  baudRate?: number;
  /** how long sendCommand waits for the reply (default DEFAULT_COMMAND_TIMEOUT_MS) */
  commandTimeoutMs?: number;
  /** most encoded bytes between delimiters (FrameDecoder's default: the longest message) */
  maxFrameLength?: number;
  /** host clock for receive times and command headers, in ms (default Date.now) */
  clockMs?: () => number;
  /**
   * the sequence state of an earlier link to the same pod (default: a fresh one). Carried across a
   * reopen, the first message after it shows what happened while away: a restart (its clock went
   * back, or the pod gives another boot id) or the messages and samples missed.
   */
  sequenceTracker?: SequenceTracker;
}

export interface PodLinkClose {
  /** true when the port went away (pod unplugged, pty hung up); false after close() */
  unplugged: boolean;
  /** the system's words for an unplug, '' after close() */
  reason: string;
}

export interface PodSerialLinkCounts {
  /** bytes read from the port */
  bytes: number;
  /** frames that passed COBS and CRC */
  frames: number;
  /** frames dropped: bad COBS or CRC, too short, oversized, cut off by the close */
  frameErrors: number;
  /** good frames whose message did not decode (other version, unknown type, short) */
  decodeErrors: number;
  messages: number;
  sequenceGaps: number;
  missingMessages: number;
  duplicates: number;
  restarts: number;
  sampleGaps: number;
  missingSamples: number;
  commandsSent: number;
  /** replies that answered a waiting sendCommand */
  repliesMatched: number;
  /** replies to no waiting command (late after a timeout, or sent by another host) */
  repliesUnmatched: number;
  commandTimeouts: number;
}

/** every listener gets the host time in ms at which the bytes that completed the item arrived */
export interface PodSerialLinkEvents {
  message: [message: Message, receivedMs: number];
  frameError: [error: FrameError, receivedMs: number];
  decodeError: [failure: DecodeFailure, receivedMs: number];
  /** gaps, duplicates, restarts and lost samples, each just before the message that showed it */
  sequence: [report: SequenceReport, receivedMs: number];
  close: [close: PodLinkClose];
}

/** the port cannot be opened, or a command got no reply: one line a person can act on */
export class PodLinkError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'PodLinkError';
  }
}

interface PendingCommand {
  command: CommandSpec;
  seq: number;
  resolve: (reply: ReplyMessage) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

function commandLabel(command: CommandSpec, seq: number): string {
  return `${command.name} (command ${command.id}, seq ${seq})`;
}

export class PodSerialLink extends EventEmitter<PodSerialLinkEvents> {
  readonly path: string;
  private readonly port: SerialPort;
  private readonly frames: FrameDecoder;
  private readonly messages = new MessageDecoder();
  private readonly tracker: SequenceTracker;
  private readonly commandTimeoutMs: number;
  private readonly clockMs: () => number;
  /** the host's own clock in commands: ms since the link opened (the pod ignores it) */
  private readonly openedMs: number;
  private readonly pending = new Map<number, PendingCommand>();
  private nextCommandSeq = 0;
  private lastChunkMs = 0;
  private commandsSent = 0;
  private repliesMatched = 0;
  private repliesUnmatched = 0;
  private commandTimeouts = 0;
  private closed = false;
  private closeInfo: PodLinkClose | undefined;
  /** the last command's write: writes complete in order, so once it has, all have */
  private lastWrite: Promise<void> = Promise.resolve();
  /** what arrived since the link asked the pod its boot (askBootFirst), until the answer */
  private held: { item: Message; receivedMs: number }[] | undefined;
  /** the getStatus commands that asked it: a late reply to the first answers as well as one to the second */
  private bootQuerySeqs: number[] = [];
  private readonly closedPromise: Promise<PodLinkClose>;

  /** use openPodSerialLink, which opens the port first */
  constructor(port: SerialPort, options: PodSerialLinkOptions = {}) {
    super();
    this.path = port.path;
    this.port = port;
    this.frames = new FrameDecoder({ maxFrameLength: options.maxFrameLength });
    this.commandTimeoutMs = options.commandTimeoutMs === undefined ? DEFAULT_COMMAND_TIMEOUT_MS : options.commandTimeoutMs;
    if (!(this.commandTimeoutMs > 0) || !Number.isFinite(this.commandTimeoutMs)) {
      throw new TypeError(`commandTimeoutMs must be a positive number of ms, got ${options.commandTimeoutMs}`);
    }
    this.clockMs = options.clockMs || Date.now;
    this.tracker = options.sequenceTracker ?? new SequenceTracker();
    this.openedMs = this.clockMs();

    this.frames.pipe(this.messages);
    this.messages.on('data', (item: Message | DecodeFailure | FrameError) => this.dispatch(item));
    let closeSeen: (close: PodLinkClose) => void = () => undefined;
    this.closedPromise = new Promise((resolve) => {
      closeSeen = resolve;
    });
    // 'close' waits for the decoders to flush, so a frame cut off by the unplug is reported first
    this.messages.on('end', () => {
      const info = this.closeInfo || { unplugged: true, reason: 'the port ended' };
      closeSeen(info);
      this.emit('close', info);
    });

    port.on('data', (chunk: Buffer) => {
      this.lastChunkMs = this.clockMs();
      this.frames.write(chunk);
    });
    // serialport closes the port itself after a read or write error, so 'close' follows
    port.on('error', () => undefined);
    port.on('close', (err: Error | null) => this.portClosed(err));
  }

  /** counters since the link opened (sequence counters since its tracker was made) */
  get counts(): PodSerialLinkCounts {
    const f = this.frames.counts;
    const s = this.tracker.counts;
    return {
      bytes: f.bytes,
      frames: f.frames,
      frameErrors: f.badCobs + f.badCrc + f.short + f.oversized + f.truncated,
      decodeErrors: this.messages.counts.failures,
      messages: this.messages.counts.messages,
      sequenceGaps: s.gaps,
      missingMessages: s.missingMessages,
      duplicates: s.duplicates,
      restarts: s.restarts,
      sampleGaps: s.sampleGaps,
      missingSamples: s.missingSamples,
      commandsSent: this.commandsSent,
      repliesMatched: this.repliesMatched,
      repliesUnmatched: this.repliesUnmatched,
      commandTimeouts: this.commandTimeouts,
    };
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** resolves when the link has closed (after the 'close' event), however it closed */
  whenClosed(): Promise<PodLinkClose> {
    return this.closedPromise;
  }

  /**
   * Asks for the pod's status (getStatus) and resolves with the status message that follows the
   * reply, or undefined when none comes within waitMs; rejects as sendCommand does.
   */
  async requestStatus(waitMs = STATUS_WAIT_MS): Promise<StatusMessage | undefined> {
    let onMessage: (m: Message) => void = () => undefined;
    const arrived = new Promise<StatusMessage>((resolve) => {
      onMessage = (m) => {
        if (m.type === 'status') resolve(m);
      };
      this.on('message', onMessage);
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      await this.sendCommand('getStatus');
      const late = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), waitMs);
      });
      return await Promise.race([arrived, late]);
    } finally {
      clearTimeout(timer);
      this.off('message', onMessage);
    }
  }

  /**
   * Sends a command (by id or name, with its arguments by name as in COMMAND_SPECS) and resolves
   * with the pod's reply to it, whatever its status (the caller reads `status`; the pod checks
   * ranges). Rejects with a TypeError for an unknown command or missing or unknown argument,
   * with PodLinkError when no reply comes within timeoutMs or the link closes first.
   */
  sendCommand(command: number | string, args: { [name: string]: number } = {}, timeoutMs = this.commandTimeoutMs): Promise<ReplyMessage> {
    const spec = typeof command === 'number' ? commandSpecById(command) : commandSpecByName(command);
    if (spec === undefined) return Promise.reject(new TypeError(`unknown command ${JSON.stringify(command)}`));
    for (const arg of spec.args) {
      if (typeof args[arg.name] !== 'number') return Promise.reject(new TypeError(`${spec.name} needs the number argument ${arg.name}`));
    }
    for (const name of Object.keys(args)) {
      if (!spec.args.some((arg) => arg.name === name)) return Promise.reject(new TypeError(`${spec.name} has no argument ${name}`));
    }
    if (this.closed) return Promise.reject(new PodLinkError(`cannot send ${spec.name}: the link to ${this.path} is closed`));

    const seq = this.nextCommandSeq;
    this.nextCommandSeq = (seq + 1) & 0xffff;
    const message = Buffer.alloc(COMMAND_BUFFER_BYTES);
    const length = encodeMessage({ type: 'command', seq, deviceTimeMs: (this.clockMs() - this.openedMs) >>> 0, command: spec.name, args }, message, 0);
    // only an unknown command or a full buffer fail, and both are ruled out above
    if (length <= 0) return Promise.reject(new Error(`cannot encode ${spec.name}: ${length}`));

    return new Promise<ReplyMessage>((resolve, reject) => {
      // a seq still waiting after 65536 newer commands is long timed out: the newer one wins
      this.failPending(seq, new PodLinkError(`${commandLabel(spec, seq)} was replaced by a newer command with the same seq`));
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        this.commandTimeouts++;
        reject(new PodLinkError(`no reply to ${commandLabel(spec, seq)} from ${this.path} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(seq, { command: spec, seq, resolve, reject, timer });
      this.commandsSent++;
      this.lastWrite = new Promise<void>((written) => {
        this.port.write(frameOf(message.subarray(0, length)), (err) => {
          if (err) this.failPending(seq, new PodLinkError(`cannot send ${commandLabel(spec, seq)} to ${this.path}: ${err.message}`));
          written();
        });
      });
    });
  }

  /**
   * Asks the pod which boot it runs (getStatus) and holds every message until the reply, the
   * close, or the timeout of a second question asked when the first went unanswered. A reply
   * naming a new boot puts the restart before the first message held, so the new boot's messages
   * are never taken for the old one's after a gap. Replies still answer their commands at once.
   */
  askBootFirst(): void {
    this.held = [];
    this.bootQuerySeqs = [];
    this.askBoot(BOOT_QUESTIONS);
  }

  private askBoot(questionsLeft: number): void {
    this.bootQuerySeqs.push(this.nextCommandSeq);
    this.sendCommand('getStatus').catch(() => {
      // still holding: what came meanwhile may be the new boot's
      if (questionsLeft > 1 && !this.closed && this.held !== undefined) this.askBoot(questionsLeft - 1);
      else this.releaseHeld(undefined);
    });
  }

  private releaseHeld(bootReply: ReplyMessage | undefined): void {
    const held = this.held;
    if (held === undefined) return;
    this.held = undefined;
    this.bootQuerySeqs = [];
    if (bootReply !== undefined && held.length > 0 && this.tracker.isNewBoot(bootReply)) {
      this.emit('sequence', this.tracker.newBootFrom(held[0].item, bootReply), held[0].receivedMs);
    }
    for (const { item, receivedMs } of held) this.take(item, receivedMs);
  }

  private take(item: Message, receivedMs: number): void {
    const reports = this.tracker.check(item);
    for (const report of reports) this.emit('sequence', report, receivedMs);
    this.emit('message', item, receivedMs);
    // a restart its clock showed: the new boot's id is asked for, so that one while away shows too
    if (this.tracker.bootIdOutdated && !this.closed && reports.some((r) => r.type === 'restart')) this.sendCommand('getStatus').catch(() => undefined);
  }

  /**
   * closes the port once the commands sent are written; resolves after the 'close' event.
   * Waiting commands are rejected.
   */
  close(): Promise<PodLinkClose> {
    if (!this.closed && this.port.isOpen && this.closeInfo === undefined) {
      this.closeInfo = { unplugged: false, reason: '' };
      // serialport's close drops the writes it has not done yet: a command sent just before and
      // not waited for (a stopRecording in a hurry) must still reach the pod. A port that never
      // completes a write must not hold the close for ever: after a while the write is given up
      void Promise.race([this.lastWrite, sleep(CLOSE_WRITE_WAIT_MS, undefined, { ref: false })]).then(() => {
        if (this.port.isOpen) this.port.close();
      });
    }
    return this.closedPromise;
  }

  private dispatch(item: Message | DecodeFailure | FrameError): void {
    const receivedMs = this.lastChunkMs;
    if (isFrameError(item)) {
      this.emit('frameError', item, receivedMs);
      return;
    }
    if (item.type === 'decodeError') {
      this.emit('decodeError', item, receivedMs);
      return;
    }
    if (this.held !== undefined) {
      this.held.push({ item, receivedMs });
      if (item.type === 'reply') this.answer(item);
      if (item.type === 'reply' && this.bootQuerySeqs.indexOf(item.commandSeq) >= 0) this.releaseHeld(item);
      else if (this.held.length >= HELD_MAX_MESSAGES) this.releaseHeld(undefined);
      return;
    }
    this.take(item, receivedMs);
    if (item.type === 'reply') this.answer(item);
  }

  private answer(reply: ReplyMessage): void {
    const waiting = this.pending.get(reply.commandSeq);
    if (waiting === undefined || waiting.command.id !== reply.commandId) {
      this.repliesUnmatched++;
      return;
    }
    clearTimeout(waiting.timer);
    this.pending.delete(reply.commandSeq);
    this.repliesMatched++;
    waiting.resolve(reply);
  }

  private failPending(seq: number, err: Error): void {
    const waiting = this.pending.get(seq);
    if (waiting === undefined) return;
    clearTimeout(waiting.timer);
    this.pending.delete(seq);
    waiting.reject(err);
  }

  private portClosed(err: Error | null): void {
    if (this.closed) return;
    this.closed = true;
    if (this.closeInfo === undefined) this.closeInfo = { unplugged: true, reason: err ? err.message : 'the port closed' };
    // what came before the close is the caller's, boot known or not
    this.releaseHeld(undefined);
    for (const seq of Array.from(this.pending.keys())) {
      const waiting = this.pending.get(seq)!;
      const why = this.closeInfo.unplugged ? `${this.path} went away (${this.closeInfo.reason})` : 'the link was closed';
      this.failPending(seq, new PodLinkError(`no reply to ${commandLabel(waiting.command, seq)}: ${why}`));
    }
    this.frames.end();
  }
}

/**
 * Opens the serial port at `path` (a pod's /dev/ttyACM0, or a simulator's pty) and resolves with
 * the link once it is open; rejects with PodLinkError saying why it cannot be opened.
 */
export async function openPodSerialLink(path: string, options: PodSerialLinkOptions = {}): Promise<PodSerialLink> {
  const timeoutMs = options.commandTimeoutMs;
  // checked before the port is opened, so a bad option leaves no port open behind it
  if (timeoutMs !== undefined && (!(timeoutMs > 0) || !Number.isFinite(timeoutMs))) {
    throw new TypeError(`commandTimeoutMs must be a positive number of ms, got ${timeoutMs}`);
  }
  let port: SerialPort;
  try {
    port = await openHangupSafePort(path, options.baudRate || POD_BAUD_RATE);
  } catch (err) {
    throw new PodLinkError(`cannot open serial port ${path}: ${serialOpenProblem((err as Error).message)}`);
  }
  const link = new PodSerialLink(port, options);
  // back to a pod seen before: which boot it runs is asked before anything it sends is taken in
  if (options.sequenceTracker !== undefined && options.sequenceTracker.bootId !== 0) link.askBootFirst();
  return link;
}
