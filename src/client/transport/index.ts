/** The transport: 16-byte framing over a Unix stream socket. No VPP message knowledge. */
export { FramingError, TransportError, type TransportErrorCode } from './errors.js';
export {
  DEFAULT_MAX_FRAME_SIZE,
  FRAME_HEADER_SIZE,
  MAX_PAYLOAD_SIZE,
  MIN_PAYLOAD_SIZE,
  FrameDecoder,
  allocFrame,
  encodeFrame,
  frameHeader,
  writeFrameHeader,
  type FrameDecoderOptions,
  type FrameHandler,
} from './framing.js';
export { FramedSocket, type FramedSocketHandlers, type FramedSocketOptions } from './framed-socket.js';
export {
  DEFAULT_CONNECT_TIMEOUT_MS,
  MAX_SOCKET_PATH_BYTES,
  connectError,
  connectUnix,
  listenUnix,
  type ConnectOptions,
  type UnixServer,
} from './unix-socket.js';
