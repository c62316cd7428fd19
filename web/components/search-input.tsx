import { TextInput, type TextInputProps } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';

/** A search box (search icon, `type="search"`); `onSearch` receives each new value as it is typed. */
export function SearchInput({
  onSearch,
  ...props
}: Omit<TextInputProps, 'onChange' | 'type' | 'leftSection'> & { onSearch: (value: string) => void }) {
  return (
    <TextInput
      leftSection={<IconSearch size={16} aria-hidden="true" />}
      onChange={(event) => onSearch(event.currentTarget.value)}
      type="search"
      {...props}
    />
  );
}
