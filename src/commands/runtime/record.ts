/**
 * `--record FILE`: every message sent and received on the command's connection appended
 * to FILE as one JSON line (src/format/trace/session-record-lines.ts), through the session's frame
 * observer. The file is opened (append, created 0600) before connecting, so a bad path
 * fails before anything is sent.
 */
import type { FrameDirection, Session } from '../../client/session/session.js';
import type { MessageTable } from '../../client/session/message-table.js';
import { decodeFrame } from '../../client/trace/frame-decoder.js';
import { SessionLogWriter } from '../../client/trace/session-record-reader.js';
import { sessionLogLine } from '../../format/trace/session-record-lines.js';
import { CliError } from './errors.js';
import { fsReason } from '../../client/fs-reason.js';

export interface Recorder {
  /** For SessionOptions.onFrame: decodes with the session's table and definitions. */
  onFrame(direction: FrameDirection, payload: Buffer, session: Session): void;
  close(): void;
}

/** @throws CliError (exit 2) naming the file when it cannot be opened for appending. */
export function openRecorder(path: string): Recorder {
  let w: SessionLogWriter;
  try {
    w = new SessionLogWriter(path);
  } catch (e) {
    throw new CliError(`--record: cannot write ${path}: ${fsReason(e)}`, undefined, 'give a file in a directory you can write to', { cause: e });
  }
  let failed = false;
  return {
    onFrame(direction, payload, session) {
      if (failed) return;
      const table = (): MessageTable | undefined => {
        try {
          return session.table;
        } catch {
          return undefined; // before the handshake's reply
        }
      };
      try {
        const m = decodeFrame({ schema: session.schema, table }, direction, payload);
        const own = m.context !== undefined && m.context !== 0 && session.isOwnContext(m.context);
        w.write(sessionLogLine(own ? { ...m, own } : m));
      } catch (e) {
        failed = true; // reported once by the session as EOBSERVER
        throw new Error(`--record ${path}: ${fsReason(e)}; recording stopped`);
      }
    },
    close: () => w.close(),
  };
}
