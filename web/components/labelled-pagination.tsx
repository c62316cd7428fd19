import { Group, Pagination, type PaginationProps } from '@mantine/core';

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

/** The footer under a paginated table; nothing when every row fits on one page. */
export function TablePageFooter({
  result,
  page,
  onChange,
}: {
  result: { total: number; pageSize: number } | undefined;
  page: number;
  onChange: (page: number) => void;
}) {
  if (!result || result.total <= result.pageSize) return null;
  return (
    <Group justify="flex-end" p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
      <LabelledPagination
        total={Math.ceil(result.total / result.pageSize)}
        value={page}
        onChange={onChange}
      />
    </Group>
  );
}
