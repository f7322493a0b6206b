// Feeds the documents real OCI runtimes write (runc, crun) through the runtime-spec parsers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFeatures, parseSpec } from '@berth/oci';
import { installed } from './installed';

function specFrom(runtime: string, args: string[]): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'berth-oci-spec-'));
  try {
    execFileSync(runtime, ['spec', ...args], { cwd: dir, stdio: 'ignore' });
    return JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(['runc', 'crun'].filter(installed))('%s spec', (runtime) => {
  it.each([[[]], [['--rootless']]])('parses the generated config.json (%j)', (args) => {
    const json = specFrom(runtime, args);
    const spec = parseSpec(json);
    expect(spec).toEqual(json);
    expect(spec.process?.args.length).toBeGreaterThan(0);
    expect(spec.linux?.namespaces?.map((ns) => ns.type)).toContain('mount');
  });
});

(installed('runc') ? describe : describe.skip)('runc features', () => {
  it('parses the features document', () => {
    const json: unknown = JSON.parse(execFileSync('runc', ['features'], { encoding: 'utf8' }));
    const features = parseFeatures(json);
    expect(features).toEqual(json);
    expect(features.hooks).toContain('createRuntime');
    expect(features.linux?.namespaces).toContain('pid');
  });
});
