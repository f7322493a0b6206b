// Random container names of the form adjective_noun, as docker gives unnamed containers.
// Berth's own word lists, on a harbour theme.
import { randomInt } from 'node:crypto';

const ADJECTIVES = `
  agile amber ancient blissful bold brave breezy bright calm clever cosy crisp curious daring
  deft eager earnest fearless festive fond gallant gentle glad golden graceful hardy hopeful
  jolly keen kind lively loyal lucid merry mighty nimble noble patient placid plucky proud
  quick quiet radiant rapid restful robust rosy serene sharp shiny silent snug spry steady
  stoic sturdy sunny swift tidy tranquil trusty upbeat vivid warm wise witty zealous
`
  .trim()
  .split(/\s+/);

const NOUNS = `
  anchor beacon bollard breakwater buoy cabin capstan cargo compass coxswain crane current
  davit deckhand dinghy dock dory estuary ferry fjord galley gangway harbour helm hull inlet
  jetty keel lagoon lantern lighthouse marina mast mooring navigator oar pier pilot porthole
  quay rudder sail schooner shipwright skiff slipway sloop sounding tide tugboat wharf winch
`
  .trim()
  .split(/\s+/);

/** A name like "steady_lighthouse"; after `attempt` collisions a number is appended, as docker does. */
export function randomName(attempt = 0, pick: (max: number) => number = randomInt): string {
  const name = `${ADJECTIVES[pick(ADJECTIVES.length)]}_${NOUNS[pick(NOUNS.length)]}`;
  return attempt > 0 ? `${name}${pick(10)}` : name;
}
