import { Pagination, type PaginationProps } from '@mantine/core';

/** Mantine's pagination with names a screen reader can read ("Previous page", "Page 3") on every control. */
export function LabelledPagination(props: PaginationProps) {
  return (
    <Pagination
      size="sm"
      getControlProps={(control) => ({
        'aria-label': control === 'previous' ? 'Previous page' : control === 'next' ? 'Next page' : control,
      })}
      getItemProps={(page) => ({ 'aria-label': `Page ${page}` })}
      {...props}
    />
  );
}
