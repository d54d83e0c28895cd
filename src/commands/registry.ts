/**
 * The built-in commands as data: name, usage, summary, arguments, options, help text and
 * subcommands. Help, dispatch and completion read this table with nothing else loaded;
 * the code of each command is one file in builtins/, imported by dispatch.ts only when
 * the command runs. This file imports nothing.
 *
 * Adding a command: one entry here, one file builtins/<name>.ts exporting `run` (or
 * `subcommands`, one function per subcommand), and its loader in dispatch.ts (the
 * compiler asks for it: the loaders are keyed by BuiltinName).
 */

export interface ArgSpec {
  /** Also what completion offers for it: message, want_message, topic, shell, file. */
  name: string;
  required?: boolean;
  /** Takes every remaining word (`[words...]`). */
  variadic?: boolean;
  description: string;
}

export interface OptionSpec {
  /** Long name without the dashes: `count` is `--count`; `no-history` sets `history: false`. */
  long: string;
  /** Placeholder of the value (`n` in `--count <n>`); a switch has none. */
  value?: string;
  /**
   * The value may be left out (`--pipeline [n]`, so `--pipeline` or `--pipeline=8`):
   * commander then takes the next word as the value unless it starts with `-`.
   */
  optionalValue?: boolean;
  /** What the command sees when the option is not given (commander's default). */
  default?: string;
  description: string;
}

export interface CommandSpec {
  name: string;
  /** Other names it answers to (`stats dump` for `stats show`). */
  aliases?: readonly string[];
  /** The arguments as the command list shows them: `<message>`, `[command...]`. */
  usage: string;
  summary: string;
  args?: readonly ArgSpec[];
  options?: readonly OptionSpec[];
  /** Words starting with `-` that are not its options are arguments (cli, watch). */
  allowUnknownOptions?: boolean;
  /** Printed after the options in its --help: examples, install lines. */
  helpAfter?: string;
  /**
   * Subcommands, each parsed with its own arguments and options (`stats ls|show|watch`);
   * the command's module then exports `subcommands` with one function per name.
   */
  subcommands?: readonly CommandSpec[];
}

export interface BuiltinCommand extends CommandSpec {
  /** Runs only as its own process (not on a session someone else opened, e.g. the REPL). */
  ownProcess?: boolean;
  /** Left out of help and of completion (`__complete`, called by the shell scripts). */
  hidden?: boolean;
  /** Global options this command reads itself (watch's --timeout), left among its arguments. */
  ownOptions?: readonly string[];
}

const TRACE_FILE: ArgSpec = { name: 'file', required: true, description: 'a binary API trace (api trace save), a JSON one (api trace save-json), or a session recorded with --record' };

const TRACE_SELECT: readonly OptionSpec[] = [
  { long: 'filter', value: 'glob', description: 'only messages whose name matches (*, ?, [..]; a bare word is a prefix)' },
  { long: 'range', value: 'A-B', description: 'only records A to B, as show numbers them (0-based, inclusive; A- to the end)' },
  { long: 'head', value: 'n', description: 'only the first N records (after --filter and --range)' },
  { long: 'tail', value: 'n', description: 'only the last N records (after --filter and --range)' },
  { long: 'no-memclnt', description: 'leave out pings, get_first_msg_id, api_versions, keepalives and the handshake' },
];

const TRACE_SHOW_HELP = `
FILE is a binary trace (api trace save NAME writes /tmp/NAME; a VPP that crashed with the
post-mortem dump on leaves /tmp/api_post_mortem.<pid>), a JSON trace (api trace save-json),
or a session recorded with vppapi --record FILE. Records are decoded with the local
definitions through the file's own message table (ids differ between VPP runs); one whose
message has no local definition, or another CRC, is shown with its name, CRC, length and
bytes, and counted. A damaged file prints every record before the damage, then an error
naming the byte offset (exit 2).

Examples:
  vppapi api-trace show /tmp/api_post_mortem.1234 --no-memclnt --tail 20
  vppapi api-trace show trace.bin --summary
  vppapi api-trace show trace.bin --jsonl --filter 'sw_interface_*'
  vppapi api-trace show trace.bin --as-script > setup.vpp && vppapi exec setup.vpp`;

const TRACE_REPLAY_HELP = `
Each request goes as a fresh call with this connection's client_index and context:
  - memclnt and ping messages are skipped (the connection does its own handshake and pings);
  - a message this VPP lacks is skipped; one whose CRC differs from the recorded one is
    refused unless --allow-changed; one known to crash VPP is refused unless --force.
VPP's own traces (binary or JSON) hold no replies, so their values are sent as recorded:
indexes such as sw_if_index match only on a VPP in the same starting state as the traced one.
A recorded session holds the replies: indexes VPP hands out (sw_if_index from
create_loopback_reply, stats_index, acl_index: any reply field named ..._index that the
request did not name) are remapped in later requests, a non-zero retval that was also
recorded counts as reproduced, and --compare reports each reply that differs, field by
field, leaving out context and client_index (chosen per connection) and stats_index
(VPP allocates it from the statistics segment).
The first failure stops the replay unless --continue-on-error. Exit code: 0; 1 when a
request failed or, with --compare, a reply differed; 4 when VPP stopped answering.

Examples:
  vppapi api-trace replay /tmp/vppapi-capture --dry-run
  vppapi --record before.jsonl exec setup.vpp
  vppapi api-trace replay before.jsonl --compare --socket /run/vpp-new/api.sock`;

const PROMETHEUS_HELP =
  '\nPrometheus output follows vpp_prometheus_export (v1): every character of the entry name that is not a letter or\n' +
  'digit becomes _ (/if/rx → _if_rx_packets, _if_rx_bytes), labels thread and interface (the element index), and\n' +
  'interface series add name (the interface name). Where the exporter\'s output is not valid exposition format, this\n' +
  'differs: one # TYPE (and a # HELP naming the VPP entry) per metric instead of one per row; histograms as\n' +
  '_bucket with le the upper edge of each log2 bin (the exporter prints the lower edge and no _bucket); an entry\n' +
  'whose cleaned name collides with an earlier one keeps the name and adds entry="<its VPP name>" (the exporter\n' +
  'prints the series twice); label values are escaped; ring buffers are left\n' +
  'out. A symlink (/interfaces/loop0/rx, /err/ip4-input/time_expired) has interface="0", as the exporter prints it.\n' +
  '# HELP comes from the definitions\' counters blocks where they describe the entry (node errors).';

const CHECK_AGAINST_HELP = `
With --against DEFS, each FILE is an exec script, a session recorded with --record, or an
API trace (binary or JSON), told apart by its content. Every request the file would send is
checked against DEFS: fine (same CRC), changed (the fields the file sets still exist with a
compatible type: a warning; otherwise it would fail), or missing (with its likely successor).
Requests are named by script line or record index and grouped per message. Exit 5 when
anything would fail, 2 for a file that is none of the three.

Examples:
  vppapi check --against /tmp/vpp-26.06-api setup.vpp
  vppapi --api-dir /usr/share/vpp/api check --against vpp-26.06-api.tar.gz session.jsonl /tmp/api_post_mortem.1234
  vppapi check --against edge setup.vpp      (every target of the group edge)`;

const API_HELP = `
Examples:
  vppapi api diff /usr/share/vpp/api ./vpp-26.06-api.tar.gz
  vppapi api diff builtin vpp --json
  vppapi --socket /run/vpp/api.sock api export --out ./vpp-api`;

const API_DIFF_HELP = `
Each side is a definitions directory (the /usr/share/vpp/api layout), a .tar.gz of one, a
live VPP through get_api_json (its API socket, or vpp for the VPP of --socket / --emulator),
or builtin. Messages are matched by name: added, removed, or changed when the CRC differs.
Incompatible follows VPP's CRC checker: removed or changed, in a module whose version is 1.0
or later, and not deprecated or in progress. --json prints one object per message (message,
change, old_crc, new_crc, fields, status, incompatible, successor) with the types and modules;
--jsonl one message per line.
Exit code: 0; 1 when something is incompatible (see --fail-on); 2 for bad input.`;

const TABLE = [
  {
    name: 'message-table', usage: '', summary: "VPP's live message table (id, name, CRC) beside the local definitions: available, changed, missing or unknown locally",
    options: [{ long: 'filter', value: 'pattern', description: 'only names starting with PATTERN, or matching it as a glob (*, ?, [..])' }],
  },
  {
    name: 'describe', usage: '<message>', summary: 'fields, types, defaults, reply and stream pattern, events and comment of a message; --template prints JSON for --args',
    args: [{ name: 'message', required: true, description: 'any message: request, reply, details or event' }],
    options: [{ long: 'template', description: 'print a JSON skeleton of the message for --args (defaults filled in)' }],
  },
  {
    name: 'check', usage: '[message...]', summary: 'compatibility of the local definitions with this VPP; exit 5 when a message used changed',
    args: [{ name: 'message', variadic: true, description: 'the messages a script uses (names or globs); default: every local definition. With --against: the files to check' }],
    options: [{ long: 'against', value: 'defs', description: 'check files (exec scripts, --record sessions, API traces) against other definitions: a directory, a .tar.gz of one, a VPP socket, vpp, builtin, or a target or group (each target checked)' }],
    helpAfter: CHECK_AGAINST_HELP,
  },
  {
    name: 'api', usage: '<diff|export>', summary: "the API across VPP releases: compare two sets of definitions (api diff), write a live VPP's definitions (api export)",
    helpAfter: API_HELP,
    subcommands: [
      {
        name: 'diff', usage: '<old> <new>',
        summary: 'messages added, removed and changed (CRC) between two sets of definitions, with fields, types, enum values, status and module versions',
        args: [
          { name: 'old', required: true, description: 'a definitions directory, a .tar.gz of one, a VPP API socket, vpp (the VPP of --socket) or builtin' },
          { name: 'new', required: true, description: 'the same forms as old' },
        ],
        options: [
          { long: 'markdown', description: 'print Markdown tables for release notes' },
          { long: 'fail-on', value: 'when', description: 'exit 1 on: incompatible (default: changes VPP\'s CRC checker counts), any (every difference), none' },
        ],
        helpAfter: API_DIFF_HELP,
      },
      {
        name: 'export', usage: '[socket] --out <dir>',
        summary: "write a live VPP's definitions (get_api_json) as VPP installs them: DIR/core/*.api.json, DIR/plugins/*.api.json",
        args: [{ name: 'socket', description: 'the VPP API socket (default: the VPP of --socket, or --emulator)' }],
        options: [{ long: 'out', value: 'dir', description: 'the directory to write (created when missing)' }],
      },
    ],
  },
  {
    name: 'cli', usage: '<command...>', summary: 'run a VPP debug-CLI command (cli_inband), e.g. vppapi cli show interface',
    args: [{ name: 'command', variadic: true, description: 'the debug-CLI command, e.g. show interface' }],
    allowUnknownOptions: true,
    helpAfter: '\nExamples:\n  vppapi cli show version\n  vppapi cli "show ip fib"\n  vppapi cli -- show errors -v     (words starting with - after --)',
  },
  {
    name: 'emulate', usage: '', summary: 'run the built-in VPP emulator in the foreground on --socket (Ctrl-C stops it)', ownProcess: true,
    options: [
      { long: 'page-size', value: 'n', description: 'details per batch of a modern stream before the emulator pages with a cursor (default 2)' },
      { long: 'version-string', value: 'v', description: "what show_version answers as VPP's version (default 26.06-emulated)" },
      { long: 'quiet', description: 'no log lines' },
    ],
    helpAfter: '\nThe socket is the global --socket (default /run/vpp/api.sock, or $VPP_API_SOCKET); e.g.\n  vppapi emulate --socket /tmp/vpp-api.sock\n  VPP_API_SOCKET=/tmp/vpp-api.sock vppapi show_version',
  },
  {
    name: 'repl', usage: '', summary: 'an interactive shell on one connection: the same commands, Tab completion, history; .exit quits', ownProcess: true,
    options: [{ long: 'no-history', description: 'keep no history file' }],
    helpAfter:
      '\nIn the shell: the same commands as vppapi (sw_interface_dump, cli show interface), name=value pairs\n' +
      '(sw_interface_set_flags sw_if_index=1 flags=admin_up), Tab completion, help, help <message>,\n' +
      '.json on|off, .exit. History: $VPPAPI_HISTORY, $XDG_STATE_HOME/vppapi/history or ~/.vppapi_history (mode 0600).',
  },
  {
    name: 'exec', usage: '<file>', summary: 'run the command lines of FILE (- for stdin) in the shell\'s syntax; stops at the first failure unless --continue-on-error',
    // Not required for commander: `exec --pipeline FILE` hands the file over as the option's value (exec.ts sorts it out).
    args: [{ name: 'file', description: 'the script: one command per line, as typed in vppapi repl; - for standard input' }],
    options: [
      { long: 'continue-on-error', description: 'run every line even after one failed (the exit code is still the first failure\'s)' },
      {
        long: 'pipeline', value: 'n', optionalValue: true,
        description: 'keep up to N requests in flight (default 64; --pipeline=N) for scripts whose lines do not depend on each other. ' +
          'Replies print in script order. When a line fails, no line after it is sent once that is seen, but up to N-1 lines after it ' +
          'may have been sent already: they run and are reported. Lines that are not plain requests (built-in commands, help, want_*, ' +
          '.json on|off, --dry-run) wait for every line before them and run alone',
      },
    ],
    helpAfter:
      '\nExample script:\n' +
      '  # bring up a loopback\n' +
      '  create_loopback\n' +
      '  sw_interface_set_flags sw_if_index=1 flags=admin_up\n' +
      '  sw_interface_add_del_address --sw-if-index 1 --is-add --prefix 10.0.0.1/24\n' +
      '  cli show interface addr',
  },
  {
    name: 'watch', usage: '<want_message> [flags]', summary: 'register for events (e.g. want_interface_events) and print each as it arrives until Ctrl-C, --count or --timeout',
    ownOptions: ['timeout'],
    args: [
      { name: 'want_message', required: true, description: 'a request that registers for events, e.g. want_interface_events' },
      { name: 'flags', variadic: true, description: "the request's own flags, as for the request itself" },
    ],
    options: [
      { long: 'count', value: 'n', description: 'stop after N events' },
      { long: 'timeout', value: 'seconds', description: 'stop after this long (5, 0.5, 500ms)' },
    ],
    allowUnknownOptions: true,
    helpAfter: '\nExamples:\n  vppapi watch want_interface_events\n  vppapi watch want_interface_events --count 1 --timeout 10 --jsonl',
  },
  {
    name: 'api-trace', usage: '<show|replay> <file>',
    summary: "read VPP's API traces (api trace save, save-json, /tmp/api_post_mortem.<pid>) and sessions recorded with --record, or replay them onto VPP",
    subcommands: [
      {
        name: 'show', usage: '<file>',
        summary: 'print the records: readable blocks with their index, --json/--jsonl (the form --args accepts), --as-script (lines vppapi exec runs) or --summary',
        args: [TRACE_FILE],
        options: [
          ...TRACE_SELECT,
          { long: 'as-script', description: 'one line per request in the shell\'s syntax, for vppapi exec (what is not replayable becomes a # comment)' },
          { long: 'summary', description: 'counts per message and per decoding status instead of the records' },
        ],
        helpAfter: TRACE_SHOW_HELP,
      },
      {
        name: 'replay', usage: '<file>',
        summary: 'send each request to VPP again as a fresh call; one line per message with its retval and time, then a summary',
        args: [TRACE_FILE],
        options: [
          ...TRACE_SELECT,
          { long: 'allow-changed', description: 'send messages whose CRC differs from the recorded one, encoded with the local definition' },
          { long: 'force', description: 'send messages known to crash VPP (refused otherwise)' },
          { long: 'continue-on-error', description: 'go on after a failure (a non-zero retval that was not recorded, or an error)' },
          { long: 'dry-run', description: 'print what would be sent, send nothing' },
          { long: 'compare', description: 'recorded sessions: report every reply that differs from the recorded one, field by field' },
        ],
        helpAfter: TRACE_REPLAY_HELP,
      },
    ],
  },
  {
    name: 'stats', usage: '<ls|show|watch> [pattern...]',
    summary: "VPP's statistics segment: counters of interfaces, nodes, errors, buffers, memory (ls, show, watch with rates, Prometheus)",
    helpAfter:
      '\nThe segment is read from the stats socket (--stats-socket, $VPP_STATS_SOCKET, default /run/vpp/stats.sock);\n' +
      'no API connection is needed. Reading it needs root or membership of the socket\'s group (usually vpp).\n' +
      '\nExamples:\n  vppapi stats ls /if/\n  vppapi stats show /if/rx /if/tx --per-thread\n  vppapi stats show --glob \'/err/*/drops\' --no-zeros\n' +
      '  vppapi stats show --prometheus > /var/lib/node_exporter/vpp.prom\n  vppapi stats watch /if/ --interval 2\n  vppapi --emulator stats show /if/rx',
    subcommands: [
      {
        name: 'ls', usage: '[pattern...]', summary: 'the directory: name, type, and the shape of vectors (rows × items) or a symlink\'s target (--json: shape as counts per dimension, null for a scalar)',
        args: [{ name: 'entry', variadic: true, description: 'regular expressions matched anywhere in the name, ORed (all entries without one)' }],
        options: [{ long: 'glob', description: 'patterns are shell globs matched against the whole name (* within one /-part, ** across)' }],
      },
      {
        name: 'show', aliases: ['dump'], usage: '[pattern...]',
        summary: 'the values: interface counters as one table (interface × counter), node errors, scalars, gauges, vectors, names, histograms, ring buffers; tables fit the terminal as dump tables do (--columns, --wide, --tsv)',
        args: [{ name: 'entry', variadic: true, description: 'regular expressions matched anywhere in the name, ORed (all entries without one)' }],
        options: [
          { long: 'glob', description: 'patterns are shell globs matched against the whole name (* within one /-part, ** across)' },
          { long: 'per-thread', description: 'one row per thread instead of the sum over threads' },
          { long: 'no-zeros', description: 'leave out zero counters (a combined counter is zero when its packets are)' },
          { long: 'prometheus', description: 'Prometheus text format 0.0.4 with vpp_prometheus_export\'s (v1) names and labels' },
          { long: 'v2', description: 'with --prometheus: vpp_prometheus_export\'s v2 names (interfaces_rx_packets{interface="loop0"}, err{node,error})' },
          { long: 'no-interface-links', description: 'with --prometheus: leave out the /interfaces/<name>/<counter> links (the same values as /if/<counter>)' },
        ],
        helpAfter: PROMETHEUS_HELP,
      },
      {
        name: 'watch', usage: '[pattern...]',
        summary: 'sample and print rates per second: a redrawn screen on a terminal, one JSON object per sample when piped or with --jsonl',
        args: [{ name: 'entry', variadic: true, description: 'regular expressions matched anywhere in the name, ORed (default: /if/, the interface counters)' }],
        options: [
          { long: 'interval', value: 'seconds', description: 'time between samples (default 1; also 500ms)' },
          { long: 'count', value: 'n', description: 'stop after N samples' },
          { long: 'glob', description: 'patterns are shell globs matched against the whole name' },
          { long: 'per-thread', description: 'one row per thread instead of the sum over threads' },
          { long: 'no-zeros', description: 'leave out zero rates' },
        ],
        helpAfter: '\nA VPP restart (the stats socket replaced, the segment unreadable, or the heartbeat stopped while VPP offers a\nnew segment) is noticed and reported, and watching goes on with the new segment.',
      },
    ],
  },
  {
    name: 'generate', usage: '<ts> --out <dir>',
    summary: 'write typed bindings of the definitions in use: TypeScript, one file per module plus index.ts with the type VppApi',
    subcommands: [
      {
        name: 'ts', usage: '--out <dir>',
        summary: 'TypeScript: an interface per struct and message, enums as const objects, VppApi for session.typed()',
        options: [
          { long: 'out', value: 'dir', description: 'the directory to write into (made when missing; files of the same names are replaced)' },
          { long: 'modules', value: 'a,b', description: 'only these modules, with every module they import and memclnt' },
          { long: 'builtin', description: "the built-in set (memclnt, vpe, vlib, interface, ip) instead of --api-dir's or VPP's" },
        ],
        helpAfter:
          '\nThe definitions are the ones vppapi uses: --api-dir (or $VPP_API_DIR, /usr/share/vpp/api), else VPP\'s own\n' +
          '(get_api_json), or the built-in set with --builtin.\n\nExamples:\n' +
          '  vppapi generate ts --out src/vpp --api-dir /usr/share/vpp/api\n' +
          '  vppapi generate ts --out src/vpp --modules interface,ip\n' +
          '  vppapi generate ts --out src/vpp --socket /run/vpp/api.sock',
      },
    ],
  },
  {
    name: 'serve', usage: '', ownProcess: true,
    summary: 'serve VPP over HTTP until stopped: Prometheus /metrics, POST /api/<message> as JSON, /events/<event> as SSE, /openapi.json',
    options: [
      { long: 'listen', value: 'addr', default: '127.0.0.1:9482', description: 'HOST:PORT, [IPv6]:PORT, PORT or unix:PATH; other than loopback only with --token-file or TLS' },
      { long: 'token-file', value: 'file', description: 'require Authorization: Bearer <the token in FILE> (mode 0600, one word of 16+ characters)' },
      { long: 'tls-cert', value: 'file', description: 'serve HTTPS with this certificate (PEM), with --tls-key' },
      { long: 'tls-key', value: 'file', description: 'the private key (PEM) of --tls-cert' },
      { long: 'allow-write', description: 'serve every request, also those that change VPP (default: read-only)' },
      { long: 'allow', value: 'globs', description: 'also serve these requests (comma-separated globs, e.g. sw_interface_set_flags,ip_route_*)' },
      { long: 'cors', value: 'origin', description: 'let web pages from ORIGIN (or *) call the server' },
      { long: 'max-body', value: 'bytes', description: 'largest request body (default 1048576)' },
      { long: 'max-concurrent', value: 'n', description: 'API requests at once before 429 (default 64)' },
      { long: 'v2', description: 'metrics with vpp_prometheus_export\'s v2 names' },
      { long: 'no-interface-links', description: 'metrics without the /interfaces/<name>/<counter> links (the same values as /if/<counter>)' },
    ],
    helpAfter:
      '\nRoutes: GET /metrics (the statistics segment read at each scrape, as stats show --prometheus, plus vpp_up and\n' +
      'vpp_scrape_duration_seconds), POST /api/<message> (body: the JSON --args takes; a dump answers an array, or NDJSON\n' +
      'with Accept: application/x-ndjson), GET /events/<event> (server-sent events; the want_* registration lasts while\n' +
      'someone listens), GET /openapi.json. A body is JSON (content-type application/json: curl --json, not -d). Statuses follow the exit codes: 400 bad input, 422 retval, 501 changed or\n' +
      'missing message, 503 VPP down, 504 no answer; 401 token, 403 read-only, 429 busy. One log line per request on stderr.\n' +
      '\nExamples:\n  vppapi serve\n  vppapi --emulator serve --listen 127.0.0.1:9482\n' +
      '  curl -s localhost:9482/api/sw_interface_dump --json \'{"name_filter_valid": false}\'\n  vppapi serve --listen 0.0.0.0:9482 --token-file /etc/vppapi/token --allow sw_interface_set_flags',
  },
  {
    name: 'targets', usage: '', summary: 'the targets and groups of the targets file; --check reaches each (VPP version, messages, round trip, or why not)',
    options: [{ long: 'check', description: 'reach each target (or those --target names) and report what answers' }],
    helpAfter:
      '\nThe targets file is $XDG_CONFIG_HOME/vppapi/config.yaml (else ~/.config/vppapi/config.yaml; --config FILE):\n' +
      '  default: lab\n  targets:\n    lab: /run/vpp/api.sock\n    edge1: ssh://ops@edge1.example.net\n' +
      '    edge2: { url: ssh://edge2.example.net/run/vpp/api.sock, api_dir: /usr/share/vpp/api, timeout: 10 }\n' +
      '    node-a: "exec:kubectl exec -i -n calico-vpp-dataplane pod/node-a -c vpp -- socat - UNIX-CONNECT:/var/run/vpp/api.sock"\n' +
      '  groups:\n    edge: [edge1, edge2]\n' +
      '\nIt can name commands, so it is refused when another user can write it or its directory.\n' +
      '\nExamples:\n  vppapi targets --check\n  vppapi --target edge show_version\n  vppapi --target edge1,edge2 --json sw_interface_dump',
  },
  {
    name: 'completion', usage: '<shell>', summary: 'print the completion script for bash, zsh or fish (e.g. source <(vppapi completion bash))',
    args: [{ name: 'shell', required: true, description: 'bash, zsh or fish' }],
    helpAfter:
      '\nInstall:\n' +
      '  bash  source <(vppapi completion bash)     (or save it as ~/.local/share/bash-completion/completions/vppapi)\n' +
      '  zsh   vppapi completion zsh > "${fpath[1]}/_vppapi"   (then start a new shell)\n' +
      '  fish  vppapi completion fish > ~/.config/fish/completions/vppapi.fish',
  },
  {
    name: '__complete', usage: '[words...]', summary: 'completion candidates for the words after vppapi (used by the completion scripts)', hidden: true,
    args: [{ name: 'words', variadic: true, description: 'the words after vppapi; the last is the one being typed' }],
    options: [
      { long: 'shell', value: 'name', description: 'format for bash, zsh or fish (default: one candidate per line)' },
      { long: 'live', description: 'ask the VPP on --socket for the interfaces (interface-index fields)' },
    ],
  },
  {
    name: 'help', usage: '[module|message|command]', summary: 'this help, the messages of one module, or the help of a message or command',
    args: [{ name: 'topic', description: 'a module (e.g. interface), a message, or a command' }],
  },
] as const satisfies readonly BuiltinCommand[];

/** The name of a built-in command. */
export type BuiltinName = (typeof TABLE)[number]['name'];

/** Every built-in command, in the order help lists them. */
export const BUILTINS: readonly BuiltinCommand[] = TABLE;

const BY_NAME = new Map<string, BuiltinCommand>(BUILTINS.map((b) => [b.name, b]));

/** The built-in command called `name`, if any. Throws nothing. */
export function builtin(name: string): BuiltinCommand | undefined {
  return BY_NAME.get(name);
}

/** The subcommand `name` of `cmd`, if any. Throws nothing. */
export function subcommand(cmd: CommandSpec, name: string): CommandSpec | undefined {
  return cmd.subcommands?.find((s) => s.name === name);
}

/** The option `--long` of `cmd`, if it has one. Throws nothing. */
export function optionOf(cmd: CommandSpec, long: string): OptionSpec | undefined {
  return cmd.options?.find((o) => o.long === long);
}
