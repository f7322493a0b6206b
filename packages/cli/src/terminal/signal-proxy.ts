// docker's --sig-proxy: while attached without a terminal, signals berth receives go to the
// container's process instead of ending berth (with a terminal, Ctrl-C is a byte in raw mode).
const PROXIED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/** Forwards those signals to `send` until the returned function is called. */
export function proxySignals(send: (signal: NodeJS.Signals) => Promise<unknown>): () => void {
  const handlers = PROXIED_SIGNALS.map((signal) => {
    // A failed forward (the container just exited) has nothing left to act on.
    const handler = () => void send(signal).catch(() => undefined);
    process.on(signal, handler);
    return () => process.removeListener(signal, handler);
  });
  return () => handlers.forEach((remove) => remove());
}
