/**
 * One step thread of StepThreads: takes the shared buffers, then runs blocks of every task it is sent.
 * Messages arrive in order, so a task always finds the buffers that were current when it was posted.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { claimStepBlocks, STEP_CONTROL, type StepBuffers, type StepShared, type StepTask } from './step-threads.ts';

const shared = workerData as StepShared;
let buffers: StepBuffers | undefined;

parentPort!.on('message', (message: { buffers?: StepBuffers; task?: StepTask }) => {
  if (message.buffers !== undefined) buffers = message.buffers;
  if (message.task === undefined || buffers === undefined) return;
  try {
    claimStepBlocks(message.task, buffers, shared);
  } catch (error) {
    const text = new TextEncoder().encode(String((error as Error)?.message ?? error)).subarray(0, shared.errorBytes.length - 1);
    shared.errorBytes.set(text);
    Atomics.store(shared.control, STEP_CONTROL.failed, 1);
    Atomics.notify(shared.control, STEP_CONTROL.completed);
  }
});
parentPort!.postMessage({ ready: true });
