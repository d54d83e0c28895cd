/**
 * memclnt, vpe and vlib: the handshake, pings, versions, the definitions themselves and
 * the f64 probes. (cli_inband is in handlers-cli.ts.)
 *
 * sockclnt_create_reply as a real 26.06 sends it (captures/):
 *
 * | bytes   | field          | value                                         |
 * |---------|----------------|-----------------------------------------------|
 * | 0..2    | id             | 16                                            |
 * | 2..6    | client_index   | 0                                             |
 * | 6..10   | context        | the request's                                 |
 * | 10..14  | response       | 0                                             |
 * | 14..18  | index          | the client's handle (pool index, bit 31 set)  |
 * | 18..20  | count          | entries                                       |
 * | 20..    | message_table  | count × { u16 id; char name[64] "name_crc" }  |
 */
import type { Call, Handler } from './call.js';
import { u32Retval } from './call.js';
import { RV } from './handler-retvals.js';

const sockclntCreate: Handler = (c) => {
  c.client.name = String(c.msg.name ?? '');
  c.reply({
    client_index: 0,
    response: 0,
    index: c.client.handle,
    message_table: c.core.ids.entries.map((e) => ({ index: e.id, name: e.key })),
  });
};

/** VPP answers response = 1 (success) and closes the socket at once. */
const sockclntDelete: Handler = (c) => {
  c.reply({ response: 1 });
  c.client.end();
};

const controlPing: Handler = (c) => c.reply({ client_index: 0, vpe_pid: process.pid });

/** `"1.7.0"` → [1, 7, 0]; anything else counts as zeros. */
function semver(v: unknown): [number, number, number] {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(typeof v === 'string' ? v : '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
}

/** Every served module that has messages (the ones VPP registers a version for). */
const apiVersions: Handler = (c) => {
  const list = c.core.modules
    .filter((m) => (m.messages?.length ?? 0) > 0 && typeof m.module === 'string')
    .map((m) => {
      const [major, minor, patch] = semver(m.options?.version);
      return { major, minor, patch, name: m.module };
    });
  c.reply({ api_versions: list });
};

/**
 * The served definitions as one JSON array of module objects, memclnt left out (a real
 * 26.06 leaves it out too: every client carries it).
 */
const getApiJson: Handler = (c) => {
  c.reply({ json: JSON.stringify(c.core.modules.filter((m) => m.module !== 'memclnt')) });
};

const showVersion: Handler = (c) => {
  c.reply({
    program: 'vpe',
    version: c.core.version,
    build_date: c.core.started.toISOString().slice(0, 19),
    build_directory: '/vppapi/emulator',
  });
};

const systemTime: Handler = (c) => c.reply({ vpe_system_time: Date.now() / 1000 });

const showThreads: Handler = (c) => {
  c.reply({
    thread_data: [{ id: 0, name: 'vpp_main', type: '', pid: process.pid, cpu_id: 0, core: 0, cpu_socket: 0 }],
  });
};

/** f64 travels in host order; a client that swaps it sends something other than 1.0. */
const f64Endian: Handler = (c: Call) => {
  const rv = c.msg.f64_one === 1 ? RV.OK : RV.API_ENDIAN_FAILED;
  c.reply({ retval: u32Retval(rv), f64_one_result: 1 });
};

const f64Increment: Handler = (c) => c.reply({ f64_value: Number(c.msg.f64_value ?? 0) + 1 });

/** A liveness probe: VPP answers it and does nothing else. */
const keepalive: Handler = (c) => c.reply({});

/**
 * The id of a served module's first message, the module named as VPP keys its ranges
 * (`acl_<8 hex digits>`) or by its bare name; -1 for a module not served (VPP's answer).
 */
const firstMsgId: Handler = (c) => {
  const name = String(c.msg.name ?? '').split('\0')[0]!.replace(/_[0-9a-f]{8}$/, '');
  const first = c.core.schema.modules.get(name)?.messages.map((m) => c.core.ids.idOf(m)).find((id) => id !== undefined);
  c.reply(first === undefined ? { retval: RV.UNSPECIFIED, first_msg_id: 0xffff } : { first_msg_id: first });
};

export const coreHandlers: Record<string, Handler> = {
  memclnt_keepalive: keepalive,
  get_first_msg_id: firstMsgId,
  sockclnt_create: sockclntCreate,
  sockclnt_delete: sockclntDelete,
  control_ping: controlPing,
  api_versions: apiVersions,
  get_api_json: getApiJson,
  show_version: showVersion,
  show_vpe_system_time: systemTime,
  show_threads: showThreads,
  get_f64_endian_value: f64Endian,
  get_f64_increment_by_one: f64Increment,
};
