import { isPublicStatusRequest } from './public-status-documents';

describe('which requests the status page instance takes', () => {
  it.each([
    ['GET', '/status'],
    ['HEAD', '/status'],
    ['GET', '/api/v2/summary.json'],
    ['GET', '/api/v2/summary.json?callback=x'],
    ['GET', '/api/v2/scheduled-maintenances/upcoming.json'],
    ['GET', '/history.atom'],
    ['GET', '/status/badge.svg'],
    ['GET', '/status/incidents/3f2a9c1d0b7e'],
    ['GET', '/status/incidents/3f2a9c1d0b7e?x=1'],
  ])('takes %s %s', (method, url) => {
    expect(isPublicStatusRequest(method, url)).toBe(true);
  });

  it.each([
    // Written to and limited per client: the API's.
    ['POST', '/status/subscribe'],
    ['GET', '/status/subscriptions/token/confirm'],
    ['POST', '/status'],
    ['OPTIONS', '/api/v2/summary.json'],
    // Not a document, or another spelling of one: the API's, which answers 404.
    ['GET', '/status/'],
    ['GET', '/status/incidents/'],
    ['GET', '/status/incidents/a/b'],
    ['GET', '/%73tatus'],
    ['GET', '/api/v2/nothing.json'],
    ['GET', '/graphql'],
    ['GET', undefined],
  ])('leaves %s %s to the API', (method, url) => {
    expect(isPublicStatusRequest(method, url)).toBe(false);
  });
});
