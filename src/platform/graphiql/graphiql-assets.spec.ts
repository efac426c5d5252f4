import { existsSync, readFileSync } from 'node:fs';
import { GRAPHIQL_ASSETS, GRAPHIQL_PAGE } from './graphiql-assets';

describe('GraphiQL assets', () => {
  const page = readFileSync(GRAPHIQL_PAGE, 'utf8');
  const loaded = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);

  it('loads only files this server serves, by relative path', () => {
    expect(loaded.length).toBeGreaterThan(0);
    for (const url of loaded) expect(url).toMatch(/^graphiql\/assets\/[\w.-]+$/);
  });

  it('serves every file the page loads, and each exists in the installed packages or beside this file', () => {
    for (const url of loaded) expect(GRAPHIQL_ASSETS.has(url.slice('graphiql/assets/'.length))).toBe(true);
    for (const [name, asset] of GRAPHIQL_ASSETS) expect({ name, exists: existsSync(asset.file) }).toEqual({ name, exists: true });
  });
});
