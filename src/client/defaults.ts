/**
 * Where VPP's sockets are unless configured otherwise: `socksvr { socket-name }` and
 * `statseg { socket-name }` in startup.conf, both under VPP's runtime directory, which is
 * /run/vpp for a VPP running as root (docs/protocol.md §2, docs/stats.md §1). The one
 * definition of each default, for the library and the CLI alike.
 */
export const DEFAULT_API_SOCKET = '/run/vpp/api.sock';
export const DEFAULT_STATS_SOCKET = '/run/vpp/stats.sock';
