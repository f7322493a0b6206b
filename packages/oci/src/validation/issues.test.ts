import { IssueList, itemPath, memberPath } from './issues';

describe('issue paths', () => {
  it('writes identifier keys with dots and others quoted', () => {
    expect(memberPath('', 'linux')).toBe('linux');
    expect(memberPath('linux', 'namespaces')).toBe('linux.namespaces');
    expect(itemPath('linux.namespaces', 2)).toBe('linux.namespaces[2]');
    expect(memberPath('annotations', 'org.example.key')).toBe('annotations["org.example.key"]');
    expect(memberPath('', 'os.version')).toBe('["os.version"]');
  });

  it('collects issues in order', () => {
    const issues = new IssueList();
    expect(issues.isEmpty).toBe(true);
    issues.add('a', 'first');
    issues.add('b', 'second');
    expect(issues.isEmpty).toBe(false);
    expect(issues.items).toEqual([
      { path: 'a', message: 'first' },
      { path: 'b', message: 'second' },
    ]);
  });
});
