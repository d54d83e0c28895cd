/**
 * memclnt 2.1.0 (VPP 26.06), complete: client registration, the message table, pings and
 * keepalives, `get_api_json`. Its ids are the only fixed ones (sockclnt_create = 15,
 * sockclnt_create_reply = 16), so a client that knows only this module can connect.
 *
 * Several of these break the usual header pattern (docs/protocol.md §3): sockclnt_create has
 * only `context` (reply-shaped), sockclnt_create_reply has `client_index` and `context`
 * (request-shaped), and the shared-memory messages have neither.
 */
import type { RawModule, RawSource } from '../raw.js';
import {
  ModuleBuilder,
  NO_ARGS,
  RETVAL_ONLY,
  bool,
  fixed,
  i32,
  reply,
  str,
  u16,
  u32,
  u64,
  u8,
  vla,
} from './dsl.js';

const NO_REPLY = { reply: 'null' };

/** A fresh copy of the memclnt definitions. */
export function memclntModule(): RawModule {
  return (
    new ModuleBuilder('memclnt', '2.1.0', 0xb197c551)
      .type('module_version', [u32('major'), u32('minor'), u32('patch'), str('name', 64)], 'One api_versions entry.')
      .type('message_table_entry', [u16('index'), str('name', 64)])

      // Shared-memory registration: not usable over the socket, kept for completeness.
      .message('memclnt_create', 0x9c5e1c2f, 'reply', [
        i32('ctx_quota'), u64('input_queue'), str('name', 64), fixed('u32', 'api_versions', 8),
      ], { deprecated: true })
      .message('memclnt_create_reply', 0x42ec4560, 'reply', [
        i32('response'), u64('handle'), u32('index'), u64('message_table'),
      ], { deprecated: true })
      .service('memclnt_create', { reply: 'memclnt_create_reply' })
      .message('memclnt_delete', 0x7e1c04e3, 'bare', [u32('index'), u64('handle'), bool('do_cleanup')])
      .message('memclnt_delete_reply', 0x3d3b6312, 'bare', [i32('response'), u64('handle')])
      .service('memclnt_delete', { reply: 'memclnt_delete_reply' })

      // Internal wake-ups of VPP's own receive thread; the three share one layout.
      .message('rx_thread_exit', 0xc3a3a452, 'bare', [u8('dummy')])
      .service('rx_thread_exit', NO_REPLY)
      .message('memclnt_rx_thread_suspend', 0xc3a3a452, 'bare', [u8('dummy')])
      .service('memclnt_rx_thread_suspend', NO_REPLY)
      .message('memclnt_read_timeout', 0xc3a3a452, 'bare', [u8('dummy')])
      .service('memclnt_read_timeout', NO_REPLY)

      .call('rpc_call', 0x7e8a2c95, [
        u64('function'), u8('multicast'), u8('need_barrier_sync'), u8('send_reply'), u32('data_len'),
        vla('u8', 'data', 'data_len'),
      ])
      .call('get_first_msg_id', 0xebf79a66, [str('name', 64)], reply(0x7d337472, [u16('first_msg_id')]), {
        doc: 'First message id of a module (by its name and CRC suffix).',
      })
      .call('api_versions', NO_ARGS, [],
        reply(0x5f0d99d6, [u32('count'), vla('module_version', 'api_versions', 'count')]),
        { doc: 'Version of every loaded API module.' })
      .message('trace_plugin_msg_ids', 0xf476d3ce, 'request', [
        str('plugin_name', 128), u16('first_msg_id'), u16('last_msg_id'),
      ])
      .service('trace_plugin_msg_ids', NO_REPLY)

      // The socket handshake (docs/protocol.md §2).
      .message('sockclnt_create', 0x455fb9c4, 'reply', [str('name', 64)], {
        doc: 'Register a socket client by name; the first message on a new connection.',
      })
      .message('sockclnt_create_reply', 0x35166268, 'request', [
        i32('response'), u32('index'), u16('count'), vla('message_table_entry', 'message_table', 'count'),
      ], { doc: 'The client handle (index) and the table of every message id VPP knows.' })
      .service('sockclnt_create', { reply: 'sockclnt_create_reply' })
      .message('sockclnt_delete', 0x8ac76db6, 'request', [u32('index')], {
        doc: 'Unregister; VPP answers response = 1 and closes the socket.',
      })
      .message('sockclnt_delete_reply', 0x8f38b1ee, 'reply', [i32('response')])
      .service('sockclnt_delete', { reply: 'sockclnt_delete_reply' })

      .call('sock_init_shm', 0x51646d92, [u32('requested_size'), u8('nitems'), vla('u64', 'configs', 'nitems')])
      .call('memclnt_keepalive', NO_ARGS, [], reply(RETVAL_ONLY), {
        doc: 'Liveness probe from VPP; answer with memclnt_keepalive_reply.',
      })
      .call('control_ping', NO_ARGS, [], reply(0xf6b0b8ca, [u32('client_index'), u32('vpe_pid')]), {
        doc: 'No-op whose reply ends a classic dump sent with the same context.',
      })

      .message('memclnt_create_v2', 0xc4bd4882, 'reply', [
        i32('ctx_quota'), u64('input_queue'), str('name', 64), fixed('u32', 'api_versions', 8),
        bool('keepalive', { default: 'true' }),
      ])
      .message('memclnt_create_v2_reply', 0x42ec4560, 'reply', [
        i32('response'), u64('handle'), u32('index'), u64('message_table'),
      ])
      .service('memclnt_create_v2', { reply: 'memclnt_create_v2_reply' })

      .call('get_api_json', NO_ARGS, [], reply(0xea715b59, [str('json')]), {
        doc: 'Every loaded module definition, as one JSON array (VPP 24.06 and later).',
      })
      .build()
  );
}

/**
 * `sources` with the built-in memclnt first when none of them is memclnt: every client
 * needs it to connect, and VPP's `get_api_json` and some install trees leave it out.
 * Throws nothing.
 */
export function withMemclnt(sources: RawSource[]): RawSource[] {
  return sources.some((s) => s.module.module === 'memclnt') ? sources : [{ origin: 'built-in', module: memclntModule() }, ...sources];
}
