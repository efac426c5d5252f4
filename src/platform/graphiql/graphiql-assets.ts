import { dirname, join } from 'node:path';

export interface GraphiqlAsset {
  file: string;
  contentType: string;
}

const SCRIPT = 'text/javascript; charset=utf-8';
const STYLE = 'text/css; charset=utf-8';

/** A file of React's UMD build: React's `exports` hide them from require.resolve, so they are found beside its main file. */
const reactUmd = (name: string, file: string) => join(dirname(require.resolve(name)), 'umd', file);
const ownFile = (name: string) => join(__dirname, 'static', name);

/**
 * Everything the GraphiQL page loads, by the name it is served under at
 * /graphiql/assets/<name>: the installed packages' browser builds (pinned in
 * package.json, so the page works without internet and loads what was
 * installed, not what a CDN serves today) and our own files.
 */
export const GRAPHIQL_ASSETS: ReadonlyMap<string, GraphiqlAsset> = new Map([
  ['react.production.min.js', { file: reactUmd('react', 'react.production.min.js'), contentType: SCRIPT }],
  ['react-dom.production.min.js', { file: reactUmd('react-dom', 'react-dom.production.min.js'), contentType: SCRIPT }],
  ['graphiql.min.js', { file: require.resolve('graphiql/graphiql.min.js'), contentType: SCRIPT }],
  ['graphiql.min.css', { file: require.resolve('graphiql/graphiql.min.css'), contentType: STYLE }],
  ['graphiql-start.js', { file: ownFile('graphiql-start.js'), contentType: SCRIPT }],
  ['graphiql-page.css', { file: ownFile('graphiql-page.css'), contentType: STYLE }],
]);

export const GRAPHIQL_PAGE = ownFile('graphiql.html');
