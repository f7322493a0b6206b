/** Signals a foreground run/exec passes on to the container process, as runc does. */
const FORWARDED: NodeJS.Signals[] = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGQUIT',
  'SIGUSR1',
  'SIGUSR2',
  'SIGWINCH',
];

export function forwardSignals(pid: number): () => void {
  const handlers = FORWARDED.map((signal) => {
    const handler = () => {
      try {
        process.kill(pid, signal);
      } catch {
        // the process already ended
      }
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => handlers.forEach(([signal, handler]) => process.off(signal, handler));
}
