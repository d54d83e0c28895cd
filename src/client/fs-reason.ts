/**
 * Why a file operation failed, in words, for error messages: Node's own text
 * ("ENOENT: no such file or directory, scandir '/x'") carries its error code and the
 * system call, which mean nothing to the user and repeat the path the message already
 * names.
 */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'it is a directory, not a file',
  ENOTDIR: 'it is not a directory (or a part of its path is not one)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many open files in this process',
  ENFILE: 'too many open files on this system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EEXIST: 'it already exists',
  EBUSY: 'the file is busy',
  EIO: 'an input/output error of the device',
  EFBIG: 'the file is too large',
  ENXIO: 'no such device (a FIFO without a reader?)',
  ETXTBSY: 'the file is busy (a running program)',
  ENOTEMPTY: 'the directory is not empty',
  EINVAL: 'not a file that can be read this way',
};

/**
 * `e`'s reason in words: the known codes above by their meaning; any other error's
 * message without Node's `CODE: ` prefix and `, syscall 'path'` suffix. Throws nothing.
 */
export function fsReason(e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && REASONS[code]) return REASONS[code];
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/^[A-Z][A-Z0-9_]+: /, '').replace(/, [a-z]+ '[^']*'( -> '[^']*')?$/, '');
}
