/**
 * The CLI's one boundary of laziness besides dispatch.ts: every module the commands load
 * only when a path needs it, so that `--help`, a Tab press and a single call start fast
 * (docs/layout.md). Each loader is a plain `import()` of a string literal, so the import
 * check (test/import-circles.test.ts) sees its edge, and test/lazy-imports.test.ts
 * refuses an `import()` anywhere else.
 *
 * | loader            | module                                   | loaded when                                   |
 * |-------------------|------------------------------------------|-----------------------------------------------|
 * | `render`          | format/rendering/render.ts               | a reply or event is printed in human form      |
 * | `details`         | format/rendering/details.ts              | a dump is printed as a table                   |
 * | `textTable`       | format/rendering/text-table.ts           | a table of plain rows is printed               |
 * | `color`           | format/rendering/color.ts and chalk      | colour is on                                   |
 * | `builtinSet`      | client/schema/builtin/index.ts           | the built-in definitions are the source        |
 * | `connect`         | client/session/connect.ts                | definitions are learned from VPP itself        |
 * | `session`         | client/session/session.ts                | `__complete --live` lists interfaces           |
 * | `stats`           | client/stats/index.ts (koffi)            | a stats pattern is being completed             |
 * | `emulator`        | emulator/server.ts                       | `--emulator`                                   |
 * | `suggest`         | commands/request/suggest.ts              | a command word names nothing                   |
 * | `messageHelp`     | commands/request/message-help.ts         | a message's `--help`                           |
 * | `fleetSelect`     | commands/fleet/select.ts (and yaml)      | a `--target` value is being completed          |
 * | `blockingRead`    | client/transport/blocking-read.ts (koffi) | exec runs a script of 1,000 lines or more     |
 *
 * No module loaded from here may import this file (directly or through others), or the
 * lazy edge would close a circle.
 */
export const lazy = {
  render: () => import('../format/rendering/render.js'),
  details: () => import('../format/rendering/details.js'),
  textTable: () => import('../format/rendering/text-table.js'),
  builtinSet: () => import('../client/schema/builtin/index.js'),
  connect: () => import('../client/session/connect.js'),
  session: () => import('../client/session/session.js'),
  stats: () => import('../client/stats/index.js'),
  emulator: () => import('../emulator/server.js'),
  suggest: () => import('./request/suggest.js'),
  messageHelp: () => import('./request/message-help.js'),
  fleetSelect: () => import('./fleet/select.js'),
  blockingRead: () => import('../client/transport/blocking-read.js'),
  /** The colour module, with chalk loaded into it (createPalette({ color: true }) works after). */
  color: async () => {
    const [color, chalk] = await Promise.all([import('../format/rendering/color.js'), import('chalk')]);
    color.useChalk(chalk.Chalk);
    return color;
  },
};
