/* global React, ReactDOM, GraphiQL */
// Starts GraphiQL on /graphiql. A file, not an inline script: the page's CSP
// runs scripts from this server only (see graphiql.controller.ts).
(function () {
  'use strict';
  // Relative to the page, so that it also works behind a proxy that serves the ledger under a path.
  var url = new URL('graphql', window.location.href);
  var subscriptionUrl = new URL(url);
  subscriptionUrl.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  var defaultQuery = [
    '# Every request needs an API key. Open the Headers tab below and enter',
    '#   {"Authorization": "Bearer ilk_..."}',
    '# (an admin makes keys: npm run cli -- keys create --name you --role VIEWER).',
    '# The headers are sent with queries and mutations, and in connection_init',
    '# for subscriptions.',
    '',
    '{',
    '  activeIncidents {',
    '    id',
    '    title',
    '    severity',
    '    status',
    '  }',
    '}',
    '',
  ].join('\n');

  // A link may open GraphiQL with a query (and its variables) in place of the one last edited:
  // the review report links each incident it names that way.
  var linked = new URLSearchParams(window.location.search);

  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      // With subscriptionUrl, subscriptions go over graphql-ws with the headers as connection params.
      fetcher: GraphiQL.createFetcher({ url: url.href, subscriptionUrl: subscriptionUrl.href }),
      defaultQuery: defaultQuery,
      query: linked.get('query') || undefined,
      variables: linked.get('variables') || undefined,
      isHeadersEditorEnabled: true,
      // The headers (the API key) are kept in this browser's local storage for this origin, as before.
      shouldPersistHeaders: true,
    }),
  );
})();
