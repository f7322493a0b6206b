import { defineConfigSchema } from '@berth/kit';

/** berth-images' settings: defaults < /etc/berth/images.json < BERTH_IMAGES_* < flags. */
export const imagesConfigSchema = defineConfigSchema({
  logLevel: {
    type: 'string',
    default: 'info',
    description: 'bunyan log level',
    choices: ['trace', 'debug', 'info', 'warn', 'error', 'fatal'],
  },
  maxLayerBytes: {
    type: 'integer',
    default: 64 * 1024 ** 3,
    description: 'refuse layers whose files add up to more bytes than this (tar bombs)',
  },
  concurrentDownloads: {
    type: 'integer',
    default: 3,
    description: 'blobs downloaded at once per registry client',
  },
});
