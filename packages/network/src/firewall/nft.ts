import { run } from '../util/run';

/** Applies an nft script as one transaction: all of it or, on any error, none of it. */
export async function applyNft(script: string): Promise<void> {
  if (script.trim() === '') return;
  await run('nft', ['-f', '-'], { input: script });
}

export async function listTable(table: string): Promise<string> {
  return run('nft', ['list', 'table', 'ip', table]);
}
