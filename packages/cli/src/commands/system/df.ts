import { bool, str } from '../../args/flag-spec';
import { renderRows } from '../../format/render';
import { humanSize } from '../../format/units';
import type { CommandDefinition } from '../command';

const HEADERS = {
  Type: 'TYPE',
  TotalCount: 'TOTAL',
  Active: 'ACTIVE',
  Size: 'SIZE',
  Reclaimable: 'RECLAIMABLE',
};
const DEFAULT_FORMAT = 'table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}';

/** "1.2GB (45%)" as docker's df prints reclaimable space. */
function reclaimable(bytes: number, total: number): string {
  return total > 0 ? `${humanSize(bytes)} (${Math.floor((bytes * 100) / total)}%)` : humanSize(bytes);
}

export const df: CommandDefinition = {
  usage: '[OPTIONS]',
  summary: 'Show berth disk usage',
  flags: [
    str('format', "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or 'TEMPLATE'"),
    bool('verbose', 'Show detailed information on space usage (accepted; berth prints the summary)', 'v'),
  ],
  maxArgs: 0,
  async run(ctx, flags) {
    const engine = await ctx.engine();
    const usage = await engine.call('system', 'diskUsage', {});
    const activeImages = usage.images.filter((image) => image.containers > 0);
    const imagesSize = usage.layersSize;
    const activeImagesSize = activeImages.reduce((sum, image) => sum + image.size - image.sharedSize, 0);
    const containersSize = usage.containers.reduce((sum, container) => sum + container.sizeRw, 0);
    const stoppedSize = usage.containers
      .filter((container) => container.state !== 'running')
      .reduce((sum, c) => sum + c.sizeRw, 0);
    const volumesSize = usage.volumes.reduce((sum, volume) => sum + Math.max(0, volume.size), 0);
    const unusedVolumesSize = usage.volumes
      .filter((volume) => volume.refCount === 0)
      .reduce((sum, v) => sum + Math.max(0, v.size), 0);
    const rows = [
      {
        Type: 'Images',
        TotalCount: String(usage.images.length),
        Active: String(activeImages.length),
        Size: humanSize(imagesSize),
        Reclaimable: reclaimable(Math.max(0, imagesSize - activeImagesSize), imagesSize),
      },
      {
        Type: 'Containers',
        TotalCount: String(usage.containers.length),
        Active: String(usage.containers.filter((c) => c.state === 'running').length),
        Size: humanSize(containersSize),
        Reclaimable: reclaimable(stoppedSize, containersSize),
      },
      {
        Type: 'Local Volumes',
        TotalCount: String(usage.volumes.length),
        Active: String(usage.volumes.filter((v) => v.refCount > 0).length),
        Size: humanSize(volumesSize),
        Reclaimable: reclaimable(unusedVolumesSize, volumesSize),
      },
    ];
    ctx.out(
      renderRows(rows, { format: flags.string('format'), defaultFormat: DEFAULT_FORMAT, headers: HEADERS }),
    );
  },
};
