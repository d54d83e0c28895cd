/**
 * One accepted client: a FramedSocket (src/client/transport) plus what VPP keeps per
 * socket client (its handle, name and want_* registrations). A header announcing an
 * impossible payload (over maxFrameSize, or under the 2-byte id) leaves the stream out
 * of step, so the transport closes that client, as VPP's own framing would fail;
 * everything else is the dispatcher's business.
 */
import type { Socket } from 'node:net';
import type { VppApiError } from '../client/errors.js';
import { TransportError } from '../client/transport/errors.js';
import { FramedSocket } from '../client/transport/framed-socket.js';
import { FRAME_HEADER_SIZE, writeFrameHeader } from '../client/transport/framing.js';
import type { ClientInfo, Fields } from './call.js';

export interface ConnHooks {
  onPayload(conn: Conn, payload: Buffer): void;
  onClose(conn: Conn, error: VppApiError | undefined): void;
  /** The payload (id first) of message `name`, after FRAME_HEADER_SIZE bytes of headroom. */
  encode(name: string, fields: Fields): Buffer;
  maxFrameSize: number;
}

export class Conn implements ClientInfo {
  name = '';
  readonly registrations = new Map<string, { pid: number }>();
  private readonly framed: FramedSocket;
  private ending = false;

  constructor(
    readonly handle: number,
    socket: Socket,
    private readonly hooks: ConnHooks,
  ) {
    this.framed = new FramedSocket(socket, {
      onFrame: (p) => hooks.onPayload(this, p),
      onClose: (e) => hooks.onClose(this, e),
    }, { maxFrameSize: hooks.maxFrameSize });
  }

  get isClosed(): boolean {
    return this.ending || this.framed.closed;
  }

  /**
   * Writes are queued in memory when the peer reads slowly (a test client may pause).
   * A client that is going away is skipped silently, as VPP drops a dead client's replies.
   * @throws EncodeError (from the codec) when `fields` do not fit the definition.
   */
  send(name: string, fields: Fields): void {
    const frame = this.hooks.encode(name, fields);
    writeFrameHeader(frame, frame.length - FRAME_HEADER_SIZE);
    if (this.isClosed) return;
    try {
      this.framed.write(frame);
    } catch (e) {
      if (!(e instanceof TransportError && e.code === 'ECLOSED')) throw e;
    }
  }

  end(): void {
    this.ending = true;
    void this.framed.end();
  }

  destroy(): void {
    this.ending = true;
    this.framed.destroy();
  }
}
