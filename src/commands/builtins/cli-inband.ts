/**
 * `vppapi cli show interface`: one VPP debug-CLI command through cli_inband, its text
 * printed as VPP wrote it. The words are joined with spaces (quote them or not).
 */
import { retvalInfo } from '../../client/session/retvals.js';
import { RetvalError } from '../../client/session/errors.js';
import { CliError } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import type { Runtime } from '../runtime/runtime.js';

export async function run(rt: Runtime, args: string[]): Promise<number> {
  const cmd = args.join(' ').trim();
  if (cmd === '') throw new CliError('cli: give a debug-CLI command', EXIT.USAGE, 'vppapi cli show version');
  const session = await rt.session(['cli_inband']);
  const schema = session.schema;
  const reply = (await session.call('cli_inband', { cmd }, { timeoutMs: rt.globals.timeoutMs, signal: rt.io.signal, checkRetval: false })) as Record<string, unknown>;
  const p = rt.printer();
  const rv = reply.retval;
  const replyDef = schema.messages.get('cli_inband_reply');
  if (p.mode !== 'human' && replyDef) p.data(p.toJson(replyDef, reply));
  if (typeof rv === 'number' && rv !== 0) {
    p.error(RetvalError.from('cli_inband', rv, retvalInfo(rv), reply).message);
    return EXIT.RETVAL;
  }
  if (p.mode === 'human') {
    const text = typeof reply.reply === 'string' ? reply.reply : '';
    if (text !== '') p.out.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  return EXIT.OK;
}
