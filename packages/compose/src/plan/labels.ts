// The labels docker compose puts on what it creates, so `up` can find and compare them later
// and tools that know docker compose's labels read Berth's projects too.

export const LABEL_PROJECT = 'com.docker.compose.project';
export const LABEL_SERVICE = 'com.docker.compose.service';
export const LABEL_CONTAINER_NUMBER = 'com.docker.compose.container-number';
export const LABEL_CONFIG_HASH = 'com.docker.compose.config-hash';
export const LABEL_ONEOFF = 'com.docker.compose.oneoff';
export const LABEL_NETWORK = 'com.docker.compose.network';
export const LABEL_VOLUME = 'com.docker.compose.volume';
export const LABEL_CONFIG_FILES = 'com.docker.compose.project.config_files';
export const LABEL_WORKING_DIR = 'com.docker.compose.project.working_dir';
export const LABEL_VERSION = 'com.docker.compose.version';
export const LABEL_IMAGE_BUILT = 'com.docker.compose.image.built';

/** The value of com.docker.compose.version: which compose wrote the labels. */
export const COMPOSE_VERSION = 'berth-0.1.0';

export function labelFilter(key: string, value?: string): { key: string; value: string } {
  return { key: 'label', value: value === undefined ? key : `${key}=${value}` };
}
