import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

describe('the GraphQL schema', () => {
  it('is the SDL checked in as schema.graphql', () => {
    const root = resolve(__dirname, '..');
    const result = spawnSync(process.execPath, ['dist/src/print-schema.js', '--check', 'schema.graphql'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
