import type { engine as api } from '@berth/api';
import { bool, list, str } from '../../args/flag-spec';
import { parseFilters } from '../../args/filters';
import { renderRows } from '../../format/render';
import { labelsText, withLabelMethod } from '../../format/rows';
import { goTimeString, humanSize, shortId, timeAgo } from '../../format/units';
import type { CommandDefinition } from '../command';

export const IMAGES_HEADERS: Record<string, string> = {
  Repository: 'REPOSITORY',
  Tag: 'TAG',
  Digest: 'DIGEST',
  ID: 'IMAGE ID',
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  Size: 'SIZE',
  Containers: 'CONTAINERS',
};
const DEFAULT_FORMAT = 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}';
const DIGESTS_FORMAT = 'table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}';

/** Splits "host:5000/repo:tag" at the tag's colon (not the port's). */
function splitTag(reference: string): [string, string] {
  const colon = reference.lastIndexOf(':');
  return colon > reference.lastIndexOf('/')
    ? [reference.slice(0, colon), reference.slice(colon + 1)]
    : [reference, '<none>'];
}

/** One row per tag of each image (a dangling image is one "<none>" row), as docker lists them. */
export function imageRows(
  images: readonly api.v1.ImageSummary[],
  now: Date,
  noTrunc: boolean,
): Array<Record<string, string>> {
  return images.flatMap((image) => {
    const digestOf = (repository: string) =>
      image.repoDigests.find((digest) => digest.startsWith(`${repository}@`))?.split('@')[1] ?? '<none>';
    const references = image.repoTags.length
      ? image.repoTags.map(splitTag)
      : [['<none>', '<none>'] as [string, string]];
    return references.map(([repository, tag]) =>
      withLabelMethod(
        {
          Containers: String(image.containers),
          CreatedAt: goTimeString(image.created),
          CreatedSince: timeAgo(image.created, now),
          Digest: digestOf(repository),
          ID: noTrunc ? image.id : shortId(image.id),
          Labels: labelsText(image.labels),
          Repository: repository,
          Size: humanSize(image.size),
          Tag: tag,
        },
        image.labels,
      ),
    );
  });
}

export const images: CommandDefinition = {
  usage: '[OPTIONS] [REPOSITORY[:TAG]]',
  summary: 'List images',
  flags: [
    bool('all', 'Show all images (default hides intermediate images)', 'a'),
    bool('digests', 'Show digests'),
    list('filter', 'Filter output based on conditions provided', 'f', 'filter'),
    str('format', "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or 'TEMPLATE'"),
    bool('no-trunc', "Don't truncate output"),
    bool('quiet', 'Only show image IDs', 'q'),
  ],
  maxArgs: 1,
  async run(ctx, flags, [reference]) {
    const filters = parseFilters(flags.list('filter'));
    if (reference) filters.push({ key: 'reference', value: reference });
    const engine = await ctx.engine();
    const result = await engine.call('images', 'listImages', { all: flags.boolean('all'), filters });
    let rows = imageRows(result.images, ctx.now(), flags.boolean('no-trunc'));
    let format = flags.string('format');
    if (flags.boolean('quiet')) {
      format = '{{.ID}}';
      rows = rows.filter((row, index) => rows.findIndex((other) => other.ID === row.ID) === index);
    }
    const defaultFormat = flags.boolean('digests') ? DIGESTS_FORMAT : DEFAULT_FORMAT;
    ctx.out(renderRows(rows, { format, defaultFormat, headers: IMAGES_HEADERS }));
  },
};
