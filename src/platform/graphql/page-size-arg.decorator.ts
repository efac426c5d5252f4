import { Args, Extensions, Int } from '@nestjs/graphql';
import { MAX_PAGE_SIZE_EXTENSION, PAGE_SIZE_ARGUMENT, PageSize, PageSizePipe } from './page-size';

/**
 * The `first` argument of a list query: its default, its largest page (in the
 * description, enforced by PageSizePipe, and recorded on the field for the
 * cost rule), in one place so that the three cannot disagree.
 */
export function PageSizeArg(size: PageSize, description = `At most ${size.max}.`): ParameterDecorator {
  const argument = Args(PAGE_SIZE_ARGUMENT, { type: () => Int, nullable: true, defaultValue: size.default, description }, new PageSizePipe(size));
  return (target, propertyKey, index) => {
    argument(target, propertyKey, index);
    if (propertyKey !== undefined) Extensions({ [MAX_PAGE_SIZE_EXTENSION]: size.max })(target, propertyKey);
  };
}
