import { GoTemplate, TemplateError } from './index';

const run = (source: string, data: unknown) => new GoTemplate(source).execute(data);

describe('GoTemplate (docker --format subset)', () => {
  const row = Object.defineProperty(
    { ID: 'abc', Names: 'web', Labels: { app: 'x', 'com.tier': 'front' }, Ports: ['80/tcp', '443/tcp'] },
    'Label',
    { value: (key: string) => ({ app: 'x' })[key] ?? '', enumerable: false },
  );

  it('prints fields, nested fields and text', () => {
    expect(run('{{.ID}}\t{{.Names}}', row)).toBe('abc\tweb');
    expect(run('{{.State.Status}}', { State: { Status: 'running' } })).toBe('running');
    expect(run('{{.}}', 'plain')).toBe('plain');
  });

  it('runs json, index, join and pipes', () => {
    expect(run('{{json .Labels}}', row)).toBe('{"app":"x","com.tier":"front"}');
    expect(run('{{json .}}', row)).toBe(
      JSON.stringify({ ID: 'abc', Names: 'web', Labels: row.Labels, Ports: row.Ports }),
    );
    expect(run('{{index .Labels "com.tier"}}', row)).toBe('front');
    expect(run('{{join .Ports ", "}}', row)).toBe('80/tcp, 443/tcp');
    expect(run('{{.Names | upper}}', row)).toBe('WEB');
    expect(run('{{.Names | printf "%-5s|"}}', row)).toBe('web  |');
    expect(run('{{(index .Ports 1) | lower}}', row)).toBe('443/tcp');
  });

  it('calls methods with arguments, as {{.Label "k"}}', () => {
    expect(run('{{.Label "app"}}', row)).toBe('x');
  });

  it('prints maps and slices as Go does', () => {
    expect(run('{{.Labels}}', row)).toBe('map[app:x com.tier:front]');
    expect(run('{{.Ports}}', row)).toBe('[80/tcp 443/tcp]');
  });

  it('supports if/else, range (over slices and maps, with else) and trimming', () => {
    expect(run('{{if .Names}}named{{else}}anon{{end}}', row)).toBe('named');
    expect(run('{{if eq .ID "zzz"}}yes{{else}}no{{end}}', row)).toBe('no');
    expect(run('{{range .Ports}}[{{.}}]{{end}}', row)).toBe('[80/tcp][443/tcp]');
    expect(run('{{range .Labels}}{{.}};{{end}}', row)).toBe('x;front;');
    expect(run('{{range .Empty}}x{{else}}none{{end}}', { Empty: [] })).toBe('none');
    expect(run('a  {{- .ID -}}  b', row)).toBe('aabcb');
    expect(run('{{/* comment */}}{{.ID}}', row)).toBe('abc');
  });

  it('fails with Go-like messages', () => {
    expect(() => run('{{.Nope}}', row)).toThrow(TemplateError);
    expect(() => run('{{.Nope}}', row)).toThrow("template: executing at <.Nope>: can't evaluate field Nope");
    expect(() => new GoTemplate('{{.ID')).toThrow('template: :1:1: unclosed action');
    expect(() => new GoTemplate('{{if .ID}}x')).toThrow('unexpected EOF in if');
    expect(() => new GoTemplate('{{end}}')).toThrow('unexpected {{end}}');
    expect(() => run('{{nosuch .ID}}', row)).toThrow('function "nosuch" not defined');
    expect(() => new GoTemplate('{{with .ID}}{{end}}')).toThrow('{{with}} is not supported');
  });
});
