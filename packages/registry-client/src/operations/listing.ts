import { parseCatalog, parseTagList } from '@berth/oci';
import { CATALOG_SCOPE, repositoryScope } from '../auth/scope';
import { paginate } from '../registry/paginate';
import type { RegistryHost } from '../registry/registry-host';

function pageQuery(pageSize: number | undefined): string {
  return pageSize === undefined ? '' : `?n=${pageSize}`;
}

/** All tags of a repository, following pagination. */
export async function listTags(host: RegistryHost, repository: string, pageSize?: number): Promise<string[]> {
  const tags: string[] = [];
  for await (const page of paginate(
    host,
    `/v2/${repository}/tags/list${pageQuery(pageSize)}`,
    repositoryScope(repository, 'pull'),
  )) {
    tags.push(...parseTagList(page).tags);
  }
  return tags;
}

/** All repositories of a registry (`/v2/_catalog`), following pagination. */
export async function listCatalog(host: RegistryHost, pageSize?: number): Promise<string[]> {
  const repositories: string[] = [];
  for await (const page of paginate(host, `/v2/_catalog${pageQuery(pageSize)}`, CATALOG_SCOPE)) {
    repositories.push(...parseCatalog(page).repositories);
  }
  return repositories;
}
