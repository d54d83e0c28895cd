/**
 * Compiling TypeScript programs in a test: a temporary project whose node_modules/vppapi
 * is this checkout (so `vppapi`, `vppapi/core` and `vppapi/values` resolve through
 * package.json's exports, as for a user), one compiler run over every file given, and
 * each file's diagnostics as text (message chain, related information, and the source
 * text the diagnostic points at).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';

export const REPO = resolve(import.meta.dirname, '..', '..');

export interface Project {
  dir: string;
  write(name: string, text: string): string;
  remove(): void;
}

/** A temporary ESM project that resolves `vppapi` to this checkout. */
export function tempProject(prefix: string): Project {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(REPO, join(dir, 'node_modules', 'vppapi'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'typed-test', private: true, type: 'module' }));
  return {
    dir,
    write(name, text) {
      const p = join(dir, name);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
      return p;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2023.d.ts'],
  types: ['node'],
  strict: true,
  noUnusedLocals: true,
  skipLibCheck: false,
};

/** One diagnostic as text: the whole message chain, related information, and `at <source text>`. */
export function diagnosticText(d: ts.Diagnostic): string {
  const parts = [ts.flattenDiagnosticMessageText(d.messageText, '\n')];
  for (const r of d.relatedInformation ?? []) parts.push(ts.flattenDiagnosticMessageText(r.messageText, '\n'));
  if (d.file && d.start !== undefined) parts.push(`at ${d.file.text.slice(d.start, d.start + (d.length ?? 0))}`);
  return parts.join(' | ');
}

export interface Compiled {
  program: ts.Program;
  /** Absolute file name → its diagnostics as text (files without any left out). */
  diagnostics: Map<string, string[]>;
}

/** Type-checks `files` (absolute paths) together. Throws nothing. */
export function typecheck(files: readonly string[], options: ts.CompilerOptions = OPTIONS): Compiled {
  const program = ts.createProgram(files, options);
  const diagnostics = new Map<string, string[]>();
  for (const d of [...ts.getPreEmitDiagnostics(program)]) {
    const f = d.file?.fileName ?? '(global)';
    const l = diagnostics.get(f) ?? [];
    l.push(diagnosticText(d));
    diagnostics.set(f, l);
  }
  return { program, diagnostics };
}

/** Writes the JavaScript of every file (to the program's outDir). @throws Error when nothing could be emitted. */
export function emit(c: Compiled): void {
  if (c.program.emit().emitSkipped) throw new Error('the compiler emitted nothing');
}
