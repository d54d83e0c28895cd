/**
 * vlib 1.0.0 (VPP 26.06), complete: the debug CLI (`cli_inband`), threads, graph nodes,
 * and two f64 probes. In 26.06 `cli_inband` lives here, not in vpe.
 */
import type { RawModule } from '../raw.js';
import { ModuleBuilder, NO_ARGS, f64, reply, str, u32, u64, vla } from './dsl.js';

/** A fresh copy of the vlib definitions. */
export function vlibModule(): RawModule {
  return (
    new ModuleBuilder('vlib', '1.0.0', 0x9a9e84e4)
      .type('thread_data', [
        u32('id'), str('name', 64), str('type', 64), u32('pid'), u32('cpu_id'), u32('core'), u32('cpu_socket'),
      ])
      // `cli` and `get_node_graph` pass shared-memory pointers: useless over the socket.
      .call('cli', 0x23bfbfff, [u64('cmd_in_shmem')], reply(0x06d68297, [u64('reply_in_shmem')]))
      .call('cli_inband', 0xf8377302, [str('cmd')], reply(0x05879051, [str('reply')]), {
        doc: 'Run one debug-CLI command and return its output.',
      })
      .call('get_node_index', 0xf1984c64, [str('node_name', 64)], reply(0xa8600b89, [u32('node_index')]))
      .call('add_node_next', 0x2457116d, [str('node_name', 64), str('next_name', 64)],
        reply(0x2ed75f32, [u32('next_index')]))
      .call('show_threads', NO_ARGS, [],
        reply(0xefd78e83, [u32('count'), vla('thread_data', 'thread_data', 'count')]))
      .call('get_node_graph', NO_ARGS, [], reply(0x06d68297, [u64('reply_in_shmem')]))
      .call('get_next_index', 0x2457116d, [str('node_name', 64), str('next_name', 64)],
        reply(0x2ed75f32, [u32('next_index')]))

      // The f64 probes: their replies carry a u32 (not i32) retval, so they are spelled out.
      .message('get_f64_endian_value', 0x809fcd44, 'request', [f64('f64_one', { default: 1 })], {
        doc: 'Checks that client and VPP agree on the byte order of f64 (host order, not network).',
      })
      .message('get_f64_endian_value_reply', 0x7e02e404, 'reply', [u32('retval'), f64('f64_one_result')])
      .service('get_f64_endian_value', { reply: 'get_f64_endian_value_reply' })
      .message('get_f64_increment_by_one', 0xb64f027e, 'request', [f64('f64_value', { default: 1 })])
      .message('get_f64_increment_by_one_reply', 0xd25dbaa3, 'reply', [u32('retval'), f64('f64_value')])
      .service('get_f64_increment_by_one', { reply: 'get_f64_increment_by_one_reply' })
      .build()
  );
}

