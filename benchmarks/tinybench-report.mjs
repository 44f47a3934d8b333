/** Reading tinybench results the same way in every benchmark. */

/**
 * The latency statistics (milliseconds) of a finished task; throws the task's own error when
 * it failed, so a broken benchmark never prints figures.
 * @param {import("tinybench").Task} task
 */
export function latencyOf(task) {
  const result = task.result;
  if (result && "latency" in result) return result.latency;
  throw (result && "error" in result && result.error) || new Error(`${task.name} did not complete`);
}

/**
 * Prints one row per task with the mean and p99 per call, for tasks that run `callsPerSample`
 * calls in each sample.
 * @param {import("tinybench").Task[]} tasks
 */
export function printPerCall(tasks, callsPerSample = 1) {
  const format = (ms) => (ms < 1 ? `${(ms * 1e6).toFixed(1)} ns` : `${ms.toFixed(2)} ms`);
  console.table(
    tasks.map((task) => {
      const { mean, p99 } = latencyOf(task);
      const perCall = mean / callsPerSample;
      return {
        task: task.name,
        "mean per call": format(perCall),
        "p99 of sample, per call": format(p99 / callsPerSample),
        "calls/s": Math.round(1000 / perCall).toLocaleString("en-US"),
      };
    }),
  );
}
