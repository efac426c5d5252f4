// The service catalogue's read side.
export * from './catalogue.read-model';
