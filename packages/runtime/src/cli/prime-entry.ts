// dist/berth-runtime-prime.js: what bin/berth-runtime loads before the main bundle for commands
// that move a process into cgroups. It starts the kernel's wait for the first cgroup move (see
// primeCgroupMigration) a few milliseconds sooner than the main bundle could, since the whole
// create waits for that grace period to end; the main bundle finds the wait under way.
// Straight from the two modules it needs, so this bundle stays a few kilobytes.
import { detectCgroupLayout } from '../cgroups/layout';
import { primeCgroupMigration } from '../cgroups/prime';

try {
  void primeCgroupMigration(detectCgroupLayout());
} catch {
  // no cgroups here: create reports that itself
}
