// First script of a density thread (ThreadedDensity), plain JavaScript so that Node can run it before any
// loader exists: registers tsx's loader in this thread (the parent's loader hooks do not reach workers
// started by the CLI's programmatic registration) and then loads the TypeScript worker.
import { workerData, parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
import(workerData.workerEntry).catch((error) => parentPort.postMessage({ error: String(error?.stack ?? error) }));
