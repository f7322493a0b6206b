// Status lines for objects compose acts on, in docker compose's words ("Container x  Started").

export type ObjectKind = 'Container' | 'Network' | 'Volume' | 'Image';

export function statusLine(kind: ObjectKind, name: string, status: string): string {
  return ` ${kind} ${name}  ${status}\n`;
}
