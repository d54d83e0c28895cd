/**
 * vpe 1.7.0 (VPP 26.06), complete: version, system time and the log. Its types
 * (`timestamp`, `log_level`) come from vpe_types.
 */
import type { RawModule } from '../raw.js';
import { ModuleBuilder, NO_ARGS, details, ref, reply, str } from './dsl.js';

/** A fresh copy of the vpe definitions. */
export function vpeModule(): RawModule {
  return new ModuleBuilder('vpe', '1.7.0', 0xbbfa7484, ['vpp/api/vpe_types.api'])
    .call('show_version', NO_ARGS, [],
      reply(0xc919bde1, [
        str('program', 32), str('version', 32), str('build_date', 32), str('build_directory', 256),
      ]),
      { doc: 'Program name, version and build of the running VPP.' })
    .call('show_vpe_system_time', NO_ARGS, [], reply(0x7ffd8193, [ref('timestamp', 'vpe_system_time')]))
    .dump('log_dump', 0x6ab31753, [ref('timestamp', 'start_timestamp')],
      details('log_details', 0x03d61cc0, [
        ref('timestamp', 'timestamp'), ref('log_level', 'level'), str('msg_class', 32), str('message', 256),
      ]))
    .build();
}
