import { bool, str } from '../../args/flag-spec';
import { createProgressRenderer } from '../../progress/renderer';
import type { CommandDefinition } from '../command';

/** A reference with docker's defaults spelled out, as pull prints it last: "docker.io/library/busybox:latest". */
export function canonicalReference(reference: string): string {
  const slash = reference.indexOf('/');
  const first = slash === -1 ? '' : reference.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  let named = hasRegistry ? reference : `docker.io/${slash === -1 ? `library/${reference}` : reference}`;
  if (!named.includes('@') && named.lastIndexOf(':') <= named.lastIndexOf('/')) named += ':latest';
  return named;
}

export const pull: CommandDefinition = {
  usage: '[OPTIONS] NAME[:TAG|@DIGEST]',
  summary: 'Download an image from a registry',
  flags: [
    bool('all-tags', 'Download all tagged images in the repository', 'a'),
    str('platform', 'Set platform if server is multi-platform capable'),
    bool('quiet', 'Suppress verbose output', 'q'),
  ],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, flags, [reference]) {
    const engine = await ctx.engine();
    const quiet = flags.boolean('quiet');
    const allTags = flags.boolean('all-tags');
    const progress = quiet ? undefined : createProgressRenderer(ctx.io.stdout);
    try {
      const stream = engine.stream('images', 'pullImage', {
        reference,
        platform: flags.string('platform') ?? '',
        allTags,
      });
      for await (const message of stream) if (message.progress) progress?.update(message.progress);
    } finally {
      progress?.finish();
    }
    // docker names the repository after pull -a, without a tag.
    const pulled = canonicalReference(reference);
    ctx.out(`${allTags ? pulled.replace(/:[^:/]+$/, '') : pulled}\n`);
  },
};

export const push: CommandDefinition = {
  usage: '[OPTIONS] NAME[:TAG]',
  summary: 'Upload an image to a registry',
  flags: [
    bool('all-tags', 'Push all tags of an image to the repository', 'a'),
    bool('quiet', 'Suppress verbose output', 'q'),
  ],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, flags, [reference]) {
    const engine = await ctx.engine();
    const quiet = flags.boolean('quiet');
    const progress = quiet ? undefined : createProgressRenderer(ctx.io.stdout);
    let digest = '';
    try {
      const allTags = flags.boolean('all-tags');
      for await (const message of engine.stream('images', 'pushImage', { reference, allTags })) {
        if (message.progress) progress?.update(message.progress);
        if (message.digest) digest = message.digest;
      }
    } finally {
      progress?.finish();
    }
    if (quiet && flags.boolean('all-tags'))
      ctx.out(`${canonicalReference(reference).replace(/:latest$/, '')}\n`);
    else if (quiet) ctx.out(`${canonicalReference(reference)}${digest ? `@${digest}` : ''}\n`);
  },
};
