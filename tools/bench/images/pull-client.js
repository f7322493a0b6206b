// The timed client of the daemon mode: pulls one image through a running berth-images over its
// socket, as `ctr images pull` does through containerd, and exits when the pull stream ends.
// Usage (of the bundle pull-client-bundle.js builds): node pull-client.js <socket> <reference>
import { createImagesClient, images } from '@berth/api';

const [socket, reference] = process.argv.slice(2);
const client = createImagesClient(socket);
const call = client.images.pull(images.v1.PullRequest.fromPartial({ reference }));
let pulled = false;
let failed = false;
call.on('data', (message) => {
  if (message.event?.$case === 'image') pulled = true;
});
call.on('error', (error) => {
  failed = true;
  process.stderr.write(`pull of ${reference} failed: ${error.message}\n`);
  process.exitCode = 1;
  client.close();
});
call.on('end', () => {
  if (!pulled && !failed) {
    process.stderr.write(`pull of ${reference} ended without the pulled image\n`);
    process.exitCode = 1;
  }
  client.close();
});
