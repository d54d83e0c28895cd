/**
 * Keys reach the shell's line editor one at a time, in order, each completing as a Tab
 * pressed on its own would, however many of them arrive in one input chunk.
 *
 * Two things in node's readline break keys that share a chunk (a paste, a fast typist,
 * a terminal multiplexer sending `Tab Tab` in one write):
 *
 * | what node does                                                   | effect on `sw_interface_dump \t\t` in one chunk |
 * |------------------------------------------------------------------|-------------------------------------------------|
 * | its keypress decoder turns completion off for every key of a chunk but the last (a pasted Tab is meant as text) | the first Tab is inserted as a tab character (shown as spaces) |
 * | a Tab asks the completer, which answers later; the keys after it in the chunk are applied before the answer | the last Tab completes a line that already holds the first Tab's text: `--` is added |
 *
 * Here every key is queued; a key runs with completion on; while a completion is
 * asked, the keys after it wait until its answer has been applied to the line.
 */
import type { REPLServer } from 'node:repl';

type Key = { name?: string; sequence?: string; ctrl?: boolean; meta?: boolean; shift?: boolean } | undefined;
type Completer = (line: string, done: (err: Error | null, result?: [string[], string]) => void) => void;

/** The parts of node's line editor this file reads and wraps (stable since node 12, not in its typings). */
interface LineEditor {
  _ttyWrite(s: string | undefined, key: Key): void;
  completer: Completer;
  isCompletionEnabled: boolean;
}

/**
 * Makes `server` take its keys one by one, in order, a Tab's completion applied before
 * the next key. Call once, right after the server is created. Throws nothing.
 */
export function orderKeys(server: REPLServer): void {
  const editor = server as unknown as LineEditor;
  const write = editor._ttyWrite.bind(editor);
  const ask = editor.completer.bind(editor);
  const queue: [string | undefined, Key][] = [];
  let waiting = false;
  let draining = false;

  const drain = (): void => {
    if (draining) return;
    draining = true;
    try {
      while (!waiting && queue.length > 0) {
        const [s, key] = queue.shift()!;
        // Each key is one keypress here, so a Tab completes wherever it was in its chunk.
        editor.isCompletionEnabled = true;
        write(s, key);
      }
    } finally {
      draining = false;
    }
  };

  editor.completer = (line, done) => {
    waiting = true;
    const answered = (err: Error | null, result?: [string[], string]): void => {
      if (!waiting) return;
      waiting = false;
      // node applies the answer to the line inside done(); the keys typed after the Tab follow it.
      done(err, result);
      drain();
    };
    try {
      ask(line, answered);
    } catch (e) {
      answered(e instanceof Error ? e : new Error(String(e)));
    }
  };

  editor._ttyWrite = (s, key) => {
    queue.push([s, key]);
    drain();
  };
}
