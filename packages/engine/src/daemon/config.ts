import { defineConfigSchema } from '@berth/kit';

/** berthd's settings: defaults < /etc/berth/engine.json < BERTH_ENGINE_* < flags. */
export const engineConfigSchema = defineConfigSchema({
  logLevel: {
    type: 'string',
    default: 'info',
    description: 'bunyan log level',
    choices: ['trace', 'debug', 'info', 'warn', 'error', 'fatal'],
  },
  imagesSocket: {
    type: 'string',
    default: '',
    description: 'berth-images socket; empty means <run>/images.sock',
  },
  networkSocket: {
    type: 'string',
    default: '',
    description: 'berth-network socket; empty means <run>/network.sock',
  },
  shimBinary: {
    type: 'string',
    default: 'berth-shim',
    description: 'the berth-shim executable (path or name on PATH)',
  },
  shimGrouping: {
    type: 'string',
    default: 'shared',
    description:
      'containers per berth-shim: shared (up to shim-max-per-shim each), container (one each) or group',
    choices: ['shared', 'container', 'group'],
  },
  shimMaxPerShim: {
    type: 'integer',
    default: 50,
    description: 'containers a shared berth-shim holds before another starts',
  },
  initBinary: {
    type: 'string',
    default: '/usr/bin/tini-static',
    description: 'static init run as PID 1 with --init (Debian package tini); empty disables --init',
  },
  logMaxSize: {
    type: 'integer',
    default: 0,
    description: "rotate a container's json-file log at this many bytes; 0 never rotates",
  },
  logMaxFiles: {
    type: 'integer',
    default: 1,
    description: 'json-file logs kept per container including the current one (with log-max-size)',
  },
  defaultNetwork: {
    type: 'string',
    default: 'berth0',
    description: 'the berth-network network that docker\'s "bridge" means',
  },
});
