// A stand-in engine for the crash tests, run as its own process so the test can kill -9 it:
// starts a shim with `berth-shim start`, creates and starts the tasks described in argv[2]
// (JSON: { shimBin, run, tasks: [{ id, bundle, rootfs, stdio }] }) through the Task API, says
// "ready" and then idles until killed. It loads @berth/api from its build (dist/).
'use strict';
const { execFileSync } = require('node:child_process');
const { task, createTaskClient } = require('@berth/api');

const plan = JSON.parse(process.argv[2]);

function call(client, method, request) {
  return new Promise((resolve, reject) =>
    client[method](request, (err, response) => (err ? reject(err) : resolve(response))),
  );
}

(async () => {
  for (const t of plan.tasks) {
    const socket = execFileSync(process.execPath, [plan.shimBin, 'start', '--id', t.id, '--run', plan.run], {
      encoding: 'utf8',
    }).trim();
    const client = createTaskClient(socket);
    await call(
      client,
      'create',
      task.v1.CreateRequest.fromPartial({ id: t.id, bundle: t.bundle, rootfs: t.rootfs, stdio: t.stdio }),
    );
    await call(client, 'start', { id: t.id, execId: '' });
  }
  process.stdout.write('ready\n');
  setInterval(() => {}, 1 << 30);
})().catch((err) => {
  process.stderr.write(`engine: ${err.stack}\n`);
  process.exit(1);
});
