/**
 * A deliberately naive writer of ustar archives (POSIX.1-1988 as GNU tar writes it),
 * for tarballs made in tests, hostile ones included. Imports nothing from src/.
 *
 * header (512 bytes): name[100] mode[8] uid[8] gid[8] size[12] mtime[12] chksum[8]
 * typeflag[1] linkname[100] "ustar\0" "00" uname[32] gname[32] devmajor[8] devminor[8]
 * prefix[155]; numbers are octal text ending in NUL; chksum is the byte sum of the header
 * with the chksum field as 8 spaces. Data follows, padded to 512; two zero blocks end it.
 */
export interface TarItem {
  name: string;
  data?: string | Buffer;
  /** '0' file (default), '2' symlink, '5' directory. */
  type?: string;
  link?: string;
  /** Claim this size in the header instead of the data's. */
  claimSize?: number;
}

function put(h: Buffer, at: number, len: number, text: string): void {
  h.write(text.slice(0, len), at, 'latin1');
}

function octal(n: number, len: number): string {
  return n.toString(8).padStart(len - 1, '0') + '\0';
}

export function tarHeader(it: TarItem, size: number): Buffer {
  const h = Buffer.alloc(512);
  put(h, 0, 100, it.name);
  put(h, 100, 8, octal(0o644, 8));
  put(h, 108, 8, octal(0, 8));
  put(h, 116, 8, octal(0, 8));
  put(h, 124, 12, octal(it.claimSize ?? size, 12));
  put(h, 136, 12, octal(0, 12));
  put(h, 148, 8, '        ');
  put(h, 156, 1, it.type ?? '0');
  put(h, 157, 100, it.link ?? '');
  put(h, 257, 6, 'ustar\0');
  put(h, 263, 2, '00');
  let sum = 0;
  for (const b of h) sum += b;
  put(h, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

export function naiveTar(items: TarItem[]): Buffer {
  const parts: Buffer[] = [];
  for (const it of items) {
    const data = it.data === undefined ? Buffer.alloc(0) : Buffer.isBuffer(it.data) ? it.data : Buffer.from(it.data, 'utf8');
    parts.push(tarHeader(it, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}
