/**
 * What `vppapi` returns to the shell: the codes and what each means (which error leads to
 * which code is errors.ts's exitCodeFor).
 *
 * | code | meaning                                                                    |
 * |------|----------------------------------------------------------------------------|
 * | 0    | done                                                                       |
 * | 1    | VPP answered with a non-zero retval                                        |
 * | 2    | usage or bad value: unknown command/flag, a value that does not fit (nothing sent) |
 * | 3    | cannot connect: socket missing, permission denied, refused, not a socket   |
 * | 4    | VPP did not answer in time, or answered something unusable (protocol error, connection lost) |
 * | 5    | the message is changed or missing in this VPP (nothing sent)               |
 * | 6    | `watch --count N`: fewer than N events came before its --timeout ended it   |
 * | 70   | a bug in vppapi (an error nobody expected)                                 |
 * | 130  | interrupted (Ctrl-C)                                                       |
 */
export const EXIT = {
  OK: 0,
  RETVAL: 1,
  USAGE: 2,
  CONNECT: 3,
  NO_ANSWER: 4,
  UNAVAILABLE: 5,
  FEWER_EVENTS: 6,
  INTERNAL: 70,
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The epilog of `vppapi --help`. */
export const EXIT_CODES_HELP = `Exit codes:
  0    done
  1    VPP answered with a non-zero retval
  2    usage error or bad value (nothing was sent)
  3    cannot connect (socket missing, permission denied, refused, not a socket)
  4    VPP did not answer in time, or the connection broke
  5    the message is changed or missing in this VPP (nothing was sent)
  6    watch --count N: fewer than N events came before --timeout
  130  interrupted`;
