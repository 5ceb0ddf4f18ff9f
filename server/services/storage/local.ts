import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { dataDir } from "@/db/client";
import { AppError } from "@/server/errors";
import type { ObjectStore, StoredObject } from "./types";

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException).code === "ENOENT";

/**
 * Objects as files under the data folder (`.data`, or `$MINI_CRM_DATA_DIR`): `uploads/<b>/<uuid>` is
 * `<data>/uploads/<b>/<uuid>`. Writes go to a temporary file beside the target and are renamed into
 * place, so a reader never sees half a file.
 */
export class LocalStore implements ObjectStore {
  readonly kind = "local" as const;

  /** The absolute path of `name`. Errors: BAD_REQUEST for a name that leaves the data folder. */
  pathOf(name: string): string {
    const base = path.resolve(dataDir());
    const file = path.resolve(base, ...name.split("/"));
    if (!file.startsWith(base + path.sep)) throw new AppError("BAD_REQUEST", "Invalid storage key.");
    return file;
  }

  private async writeAtomically(name: string, write: (tmp: string) => Promise<void>): Promise<void> {
    const file = this.pathOf(name);
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${randomUUID()}.tmp`;
    try {
      await write(tmp);
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  async put(name: string, body: Uint8Array): Promise<void> {
    await this.writeAtomically(name, (tmp) => writeFile(tmp, body));
  }

  async putStream(name: string, body: Readable): Promise<number> {
    let size = 0;
    await this.writeAtomically(name, async (tmp) => {
      const out = createWriteStream(tmp);
      await pipeline(body, out);
      size = out.bytesWritten;
    });
    return size;
  }

  async get(name: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await readFile(this.pathOf(name)));
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  async getStream(name: string): Promise<StoredObject | null> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(this.pathOf(name), "r");
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
    try {
      const { size } = await handle.stat();
      // The stream owns the handle from here on and closes it when done or destroyed.
      return { body: handle.createReadStream(), size };
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  async exists(name: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(name))).isFile();
    } catch (e) {
      if (isMissing(e)) return false;
      throw e;
    }
  }

  async delete(name: string): Promise<void> {
    await rm(this.pathOf(name), { force: true });
  }
}
