// The page a paged person opens from their page's link, on a phone, to acknowledge it.
export * from './page-acknowledgement.html';
