import { splitImagePath } from '../lib/imagePath';
import { CaseInsensitiveDictionary, StringDictionary } from './dictionary';

/**
 * Full image paths, each split once into volume, folder and name codes. Rows store only the
 * image code; name and folder are one array read away, so a million rows cost four bytes here.
 */
export class ImageTable {
  readonly paths = new StringDictionary();
  readonly names = new CaseInsensitiveDictionary();
  readonly folders = new CaseInsensitiveDictionary();
  readonly volumes = new StringDictionary();
  /** Per image code. */
  nameOf = new Uint32Array(256);
  folderOf = new Uint32Array(256);
  volumeOf = new Uint16Array(256);

  code(path: string): number {
    const before = this.paths.size;
    const code = this.paths.code(path);
    if (code === before) this.split(code, path);
    return code;
  }

  private split(code: number, path: string): void {
    if (code >= this.nameOf.length) {
      const grow = <T extends Uint32Array | Uint16Array>(old: T, make: (n: number) => T): T => {
        const next = make(old.length * 2);
        next.set(old);
        return next;
      };
      this.nameOf = grow(this.nameOf, (n) => new Uint32Array(n));
      this.folderOf = grow(this.folderOf, (n) => new Uint32Array(n));
      this.volumeOf = grow(this.volumeOf, (n) => new Uint16Array(n));
    }
    const parts = splitImagePath(path);
    this.nameOf[code] = this.names.code(parts.name);
    this.folderOf[code] = this.folders.code(parts.folder);
    this.volumeOf[code] = this.volumes.code(parts.volume);
  }

  name(imageCode: number): number {
    return this.nameOf[imageCode] ?? 0;
  }

  folder(imageCode: number): number {
    return this.folderOf[imageCode] ?? 0;
  }

  /** Recomputes display casings from how often each image path occurs. */
  updateCasings(imageCounts: Uint32Array): void {
    this.names.resetCasings();
    this.folders.resetCasings();
    for (let code = 0; code < this.paths.size; code++) {
      const count = imageCounts[code] ?? 0;
      if (count === 0) continue;
      const parts = splitImagePath(this.paths.value(code));
      this.names.noteCasing(this.name(code), parts.name, count);
      this.folders.noteCasing(this.folder(code), parts.folder, count);
    }
  }
}
