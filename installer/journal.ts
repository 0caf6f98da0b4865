/**
 * File changes with undo: every write, copy or removal first saves what was there (or notes that
 * nothing was), so a failed install can put the previous state back exactly. Writes are atomic
 * (temporary file in the same directory, fsync, rename): a running service keeps its old binary
 * until it is restarted, and a crash never leaves a half-written file. Unchanged files are not
 * touched, which makes re-running the installer a no-op.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type Undo = () => void;

export class Journal {
  private readonly undos: Undo[] = [];
  private saveDir: string | null = null;
  private saved = 0;

  /** Creates the directory and any missing parents; they are removed again on rollback. */
  ensureDir(dir: string, mode = 0o755): boolean {
    if (fs.existsSync(dir)) return false;
    this.ensureDir(path.dirname(dir), mode);
    fs.mkdirSync(dir, { mode });
    fs.chmodSync(dir, mode);
    this.undos.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return true;
  }

  /** Writes `data` with `mode` unless the file already has exactly that; returns whether it changed. */
  writeFile(file: string, data: Buffer | string, mode: number): boolean {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    const current = statOrNull(file);
    if (current?.isFile() && (current.mode & 0o7777) === mode && fs.readFileSync(file).equals(bytes)) return false;
    this.ensureDir(path.dirname(file));
    this.save(file);
    atomicWrite(file, bytes, mode);
    return true;
  }

  copyFile(src: string, dest: string, mode: number): boolean {
    return this.writeFile(dest, fs.readFileSync(src), mode);
  }

  /** Copies every regular file of srcDir into destDir (one level); returns whether any changed. */
  copyDir(srcDir: string, destDir: string, mode: number): boolean {
    if (!fs.existsSync(srcDir)) return false;
    let changed = false;
    for (const name of fs.readdirSync(srcDir).sort()) {
      const src = path.join(srcDir, name);
      if (fs.statSync(src).isFile()) changed = this.copyFile(src, path.join(destDir, name), mode) || changed;
    }
    return changed;
  }

  /** Removes a file or a whole directory; returns whether anything was there. */
  remove(target: string): boolean {
    const st = statOrNull(target);
    if (!st) return false;
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(target)) this.remove(path.join(target, name));
      fs.rmdirSync(target);
      this.undos.push(() => {
        fs.mkdirSync(target, { recursive: true, mode: st.mode & 0o7777 });
        restoreOwner(target, st);
      });
      return true;
    }
    this.save(target);
    fs.rmSync(target, { force: true });
    return true;
  }

  /** Puts back everything this journal changed, newest first; returns what could not be undone. */
  rollback(): string[] {
    const problems: string[] = [];
    for (const undo of this.undos.reverse()) {
      try {
        undo();
      } catch (err) {
        problems.push(err instanceof Error ? err.message : String(err));
      }
    }
    this.undos.length = 0;
    this.discard();
    return problems;
  }

  /** Keeps the changes and drops the saved copies. */
  commit(): void {
    this.undos.length = 0;
    this.discard();
  }

  private discard(): void {
    if (this.saveDir !== null) fs.rmSync(this.saveDir, { recursive: true, force: true });
    this.saveDir = null;
  }

  private save(file: string): void {
    const st = statOrNull(file);
    if (!st) {
      this.undos.push(() => fs.rmSync(file, { force: true }));
      return;
    }
    this.saveDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'aio-installer-rollback-'));
    const copy = path.join(this.saveDir, String(this.saved++));
    fs.copyFileSync(file, copy);
    this.undos.push(() => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      atomicWrite(file, fs.readFileSync(copy), st.mode & 0o7777);
      restoreOwner(file, st);
    });
  }
}

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.lstatSync(p);
  } catch {
    return null;
  }
}

function restoreOwner(p: string, st: fs.Stats): void {
  const me = process.getuid?.();
  if (me === 0 || (me === st.uid && process.getgid?.() === st.gid)) fs.chownSync(p, st.uid, st.gid);
}

export function atomicWrite(file: string, bytes: Buffer, mode: number): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.aio-tmp-${process.pid}`);
  const fd = fs.openSync(tmp, 'w', mode);
  try {
    fs.writeSync(fd, bytes);
    fs.fchmodSync(fd, mode);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
