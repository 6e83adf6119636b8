// Models load once per thread (a worker or the main process) and are shared
// by every engine in it: Human first (it initialises the wasm backend), then
// face-api and the other descriptor nets on the same tfjs-core instance.
import { loadDescriptorNets, type DescriptorNets } from './descriptor-nets.js';
import { loadFaceApi, type FaceApiInstance } from './face-api.js';
import { loadHuman, type HumanInstance } from './human.js';

export interface Models {
  human: HumanInstance;
  faceapi: FaceApiInstance;
  nets: DescriptorNets;
  tf: HumanInstance['tf'];
}

let loading: Promise<Models> | undefined;

export function loadModels(): Promise<Models> {
  loading ??= (async () => {
    const human = await loadHuman();
    const faceapi = await loadFaceApi();
    const nets = await loadDescriptorNets();
    return { human, faceapi, nets, tf: human.tf };
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
