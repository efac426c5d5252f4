// The service catalogue's read side.
export * from './catalogue.read-model';
export * from './service-incident-history';
export * from './incident-services';
