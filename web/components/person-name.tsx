import type { ComboboxItem, ComboboxLikeRenderOptionInput } from '@mantine/core';
import { Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * What tells two people of the same name apart, as far as the viewer may see it: a participant gets the title and
 * department a colleague sees, staff and the directory also the email. Leave out what the viewer may not see.
 */
export interface PersonLines {
  name: string;
  title?: string | null;
  department?: string | null;
  email?: string | null;
  /** Anything else that places them, last on the line (e.g. "with Ana Silva" for a mentee already paired). */
  also?: string | null;
}

/** "Senior Engineer · Platform · ada@acme.test": the parts given, in that order; '' when there are none. */
export function personSecondLine(person: Omit<PersonLines, 'name'>): string {
  return [person.title, person.department, person.email, person.also].filter(Boolean).join(' · ');
}

/**
 * A person's name (or a link on it) with the second line under it, for every table and list that shows people; a
 * badge (inactive, erased, "you") goes beside the name.
 */
export function PersonName({
  person,
  children,
  badge,
  size = 'sm',
}: {
  person: PersonLines;
  /** The name as shown, e.g. a link to the person; defaults to the name as text. */
  children?: ReactNode;
  badge?: ReactNode;
  size?: 'xs' | 'sm' | 'md';
}) {
  const second = personSecondLine(person);
  return (
    <Stack gap={0} miw={0} maw={300}>
      <Group gap={6} wrap="nowrap">
        {children ?? (
          <Text size={size} fw={500}>
            {person.name}
          </Text>
        )}
        {badge}
      </Group>
      {second && (
        // One line however long (a table row stays one person high); the whole line on hover.
        <Text size="xs" c="dimmed" truncate="end" title={second}>
          {second}
        </Text>
      )}
    </Stack>
  );
}

/**
 * What a picker (Select, MultiSelect, Autocomplete) needs to show people as two lines: its `data` and a `renderOption`
 * that adds the second line, so two people of the same name can be told apart before picking one. With
 * `labelWithDetail` the label (what a MultiSelect's pills and a Select's input show once picked) carries the first
 * detail too: "Ada Lovelace — Engineer".
 */
export function personPickerProps<T>(
  items: readonly T[],
  toPerson: (item: T) => PersonLines & { value: string; disabled?: boolean },
  options: { labelWithDetail?: boolean } = {},
) {
  const people = new Map<string, { name: string; second: string }>();
  const data: ComboboxItem[] = items.map((item) => {
    const person = toPerson(item);
    const second = personSecondLine(person);
    people.set(person.value, { name: person.name, second });
    const detail = person.title ?? person.department ?? person.email;
    return {
      value: person.value,
      label: options.labelWithDetail && detail ? `${person.name} — ${detail}` : person.name,
      ...(person.disabled ? { disabled: true } : {}),
    };
  });
  return {
    data,
    /** The second line of a picked value, for the picker's description once something is chosen. */
    secondLineOf: (value: string | null | undefined) => (value ? (people.get(value)?.second ?? '') : ''),
    renderOption: ({ option }: ComboboxLikeRenderOptionInput<ComboboxItem>) => {
      const person = people.get(option.value);
      return (
        <Stack gap={0} miw={0}>
          <Text size="sm">{person?.name ?? option.label}</Text>
          {person?.second && (
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {person.second}
            </Text>
          )}
        </Stack>
      );
    },
  };
}
