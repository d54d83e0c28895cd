/** vpe_types 1.0.0 (VPP 26.06), complete. */
import type { RawModule } from '../raw.js';
import { ModuleBuilder, fixed, seq, u32 } from './dsl.js';

/** A fresh copy of the vpe_types definitions. */
export function vpeTypesModule(): RawModule {
  return new ModuleBuilder('vpe_types', '1.0.0', 0x5f754a1c)
    // Seconds as f64, sent in host byte order like every f64 (docs/protocol.md §5).
    .alias('timestamp', 'f64')
    .alias('timedelta', 'f64')
    .enum('log_level', 'u32', seq('VPE_API_LOG_LEVEL_', [
      'EMERG', 'ALERT', 'CRIT', 'ERR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG', 'DISABLED',
    ]))
    .type('version', [
      u32('major'), u32('minor'), u32('patch'), fixed('u8', 'pre_release', 17), fixed('u8', 'build_metadata', 17),
    ])
    .build();
}
