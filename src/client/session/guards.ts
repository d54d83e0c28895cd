/**
 * Requests seen to harm a real VPP when sent over the API socket (PROTOCOL.md §7).
 *
 * A fix in VPP changes the handler, not the message, so the CRC alone cannot lift a guard:
 * each entry names the message, the CRC it had when the harm was seen, and the VPP
 * releases (`yy.mm`) it was seen on. On those releases, or older ones, the request is
 * refused unless forced; on a later release, or under another CRC, it is sent with a
 * warning, since nobody here has seen whether that VPP still falls over.
 */

export interface Guard {
  readonly name: string;
  readonly crc: string;
  /** Releases the harm was seen on, as `yy.mm`. */
  readonly seenOn: readonly string[];
  readonly reason: string;
}

export const GUARDS: readonly Guard[] = [
  {
    name: 'graph_node_get',
    crc: '39c8792e',
    seenOn: ['26.06'],
    reason: 'crashes VPP when called over the API socket (its handler uses the shared-memory queue that socket clients lack)',
  },
  {
    name: 'nat44_ei_user_session_dump',
    crc: 'e1899c98',
    seenOn: ['26.06'],
    reason: 'kills VPP with a segmentation fault unless NAT44-EI is enabled (the handler searches a hash table that exists only then)',
  },
  {
    name: 'nat44_ei_user_session_v2_dump',
    crc: 'e1899c98',
    seenOn: ['26.06'],
    reason: 'kills VPP with a segmentation fault unless NAT44-EI is enabled (the handler searches a hash table that exists only then)',
  },
  {
    name: 'selog_event_type_string_dump',
    crc: '6a7f2680',
    seenOn: ['26.06'],
    reason: 'kills VPP with a segmentation fault when called with default arguments',
  },
];

const byName = new Map(GUARDS.map((g) => [g.name, g]));

export interface GuardVerdict {
  /** `refuse`: do not send unless forced; `warn`: send, but say why it may be unsafe. */
  readonly action: 'refuse' | 'warn';
  readonly guard: Guard;
  /** One sentence for the user: what is known, on which release. */
  readonly message: string;
}

/** `26.06` from VPP's `show_version` text (`26.06-release`, `v26.06-rc0~12-g…`), else undefined. */
export function releaseOf(version: string | undefined): string | undefined {
  const m = /^v?(\d{2})\.(\d{2})(?:\D|$)/.exec(version?.trim() ?? '');
  return m ? `${m[1]}.${m[2]}` : undefined;
}

/**
 * What to do before sending request `name` with definition CRC `crc` to a VPP whose
 * `show_version` version is `version` (undefined: not known, treated as a release the
 * harm was seen on). Undefined when the request has no guard. Throws nothing.
 */
export function guardVerdict(name: string, crc: string, version: string | undefined): GuardVerdict | undefined {
  const guard = byName.get(name);
  if (!guard) return undefined;
  const seen = guard.seenOn.join(', ');
  if (crc.replace(/^0x/i, '').toLowerCase() !== guard.crc) {
    return { action: 'warn', guard, message: `${name} ${guard.reason} on VPP ${seen} (CRC ${guard.crc}); this definition has CRC ${crc}, not known to be safe or unsafe` };
  }
  const release = releaseOf(version);
  const newest = [...guard.seenOn].sort().at(-1)!;
  if (release !== undefined && release > newest) {
    return { action: 'warn', guard, message: `${name} ${guard.reason} on VPP ${seen}; this VPP is ${release}, not known to be fixed` };
  }
  const on = release ? `VPP ${release}` : 'a VPP of unknown version';
  return { action: 'refuse', guard, message: `${name} ${guard.reason} (seen on VPP ${seen}; this is ${on})` };
}

/** True when request `name` has a guard on some CRC or release. Throws nothing. */
export function isGuarded(name: string): boolean {
  return byName.has(name);
}
