import { EMAIL_ADDRESS_MAX_LENGTH } from '../shared/field-rules';

/** Length and count limits on the catalogue; enforced by the domain, for the API's input validation to mirror. */
export const CATALOGUE_LIMITS = {
  slugMaxLength: 63,
  nameMaxLength: 200,
  descriptionMaxLength: 2_000,
  linksMaxCount: 20,
  linkTitleMaxLength: 200,
  urlMaxLength: 2_000,
  dependenciesMaxCount: 100,
  tagsMaxCount: 20,
  tagMaxLength: 63,
  membersMaxCount: 500,
  chatHandleMaxLength: 100,
  reasonMaxLength: 2_000,
  emailMaxLength: EMAIL_ADDRESS_MAX_LENGTH,
  chatMemberIdMaxLength: 100,
} as const;
