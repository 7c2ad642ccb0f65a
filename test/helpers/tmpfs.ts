import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

/**
 * Runs `fn` with a fresh tmpfs of `size` (mount's syntax: `8m`) mounted at a new directory, and unmounts it
 * afterwards whatever happens. Mounting needs root (CI runs as root): elsewhere, or if the mount fails,
 * the test is skipped, saying why. `options` are extra mount options (`ro`).
 */
export async function withTmpfs(t: TestContext, size: string, fn: (dir: string) => Promise<void>, options: string[] = []): Promise<void> {
  if (process.getuid?.() !== 0) {
    t.skip('mounting a tmpfs needs root');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'cognate-tmpfs-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', [`size=${size}`, ...options].join(','), 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    t.skip(`cannot mount a tmpfs: ${(mounted.stderr || mounted.error?.message || `exit ${mounted.status}`).trim()}`);
    return;
  }
  try {
    await fn(dir);
  } finally {
    // Lazily if still busy (a child that outlived a failed test), so the mount never outlives the run.
    if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Remounts the tmpfs at `dir` with `options` (`ro` or `rw`); throws if mount refuses. */
export function remount(dir: string, options: string): void {
  const r = spawnSync('mount', ['-o', `remount,${options}`, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mount -o remount,${options} ${dir}: ${r.stderr}`);
}

/**
 * Fills the file system holding `dir` to the last byte with a file named `name` and returns its path;
 * deleting that file frees the space again.
 */
export function fillDisk(dir: string, name = 'filler'): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  try {
    for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 9, 1]) {
      const chunk = Buffer.alloc(size, 0x5a);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      }
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

/** Deletes what `fillDisk` wrote. */
export function freeDisk(filler: string): void {
  unlinkSync(filler);
}
