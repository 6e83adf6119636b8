// Node's fetch cannot read file:// URLs, and tfjs-core only routes http(s)
// in Node, so without this router Human's models silently fail to load.
// Registered once on the shared tfjs-core instance.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';

let registered = false;

function fileHandler(url: string): tf.io.IOHandler {
  const path = fileURLToPath(url);
  return {
    load: async () => {
      const json = JSON.parse(await readFile(path, 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const parts: Buffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const p of group.paths) parts.push(await readFile(join(dirname(path), p)));
        }
        const all = Buffer.concat(parts);
        const data = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
        return [specs, data];
      });
    },
  };
}

export function registerFileRouter(): void {
  if (registered) return;
  registered = true;
  tf.io.registerLoadRouter((url: string | string[]) => {
    const u = Array.isArray(url) ? url[0] : url;
    return (typeof u === 'string' && u.startsWith('file://') ? fileHandler(u) : null) as tf.io.IOHandler;
  });
}
