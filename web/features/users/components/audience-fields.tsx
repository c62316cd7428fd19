import { Alert, Button, FileButton, Group, List, MultiSelect, Stack, Text, Textarea } from '@mantine/core';
import { IconFileUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError } from '../../../lib/api.ts';
import { usePeopleFacets } from '../../people/api/people.api.ts';

/**
 * The parts of an audience picker shared by the bulk invitation (users page) and a program's launch email: some
 * departments and levels of the directory, or a list of emails typed, pasted or loaded from a CSV file.
 */

export function DirectoryFields({
  departments,
  levels,
  onChange,
  emptyMeans,
}: {
  departments: string[];
  levels: number[];
  onChange: (next: { departments: string[]; levels: number[] }) => void;
  /** What leaving both empty means, said under the fields. */
  emptyMeans: string;
}) {
  const facets = usePeopleFacets();
  return (
    <Stack gap="sm">
      <MultiSelect
        label="Departments"
        placeholder={departments.length === 0 ? 'Any department' : undefined}
        data={facets.data?.departments ?? []}
        value={departments}
        onChange={(value) => onChange({ departments: value, levels })}
        searchable
        clearable
        nothingFoundMessage="No department of that name"
      />
      <MultiSelect
        label="Levels"
        placeholder={levels.length === 0 ? 'Any level' : undefined}
        data={(facets.data?.levels ?? []).map((level) => ({ value: String(level), label: `Level ${level}` }))}
        value={levels.map(String)}
        onChange={(value) => onChange({ departments, levels: value.map(Number) })}
        clearable
      />
      <Text size="xs" c="dimmed">
        {emptyMeans}
      </Text>
    </Stack>
  );
}

/** The problems the server found in a list of emails, one per line of the list ("Line 3: …"). */
export function emailListIssues(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.issues
    .filter((issue) => issue.path === 'audience.csv')
    .map((issue) => issue.message.charAt(0).toUpperCase() + issue.message.slice(1));
}

/** A list of emails to type or paste, or to load from a CSV file; the server's line errors shown under it. */
export function EmailListField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  /** The preview's failure, whose line errors are listed. */
  error: unknown;
}) {
  const [loaded, setLoaded] = useState<string | null>(null);
  const [unreadable, setUnreadable] = useState<string | null>(null);
  const issues = emailListIssues(error);
  const load = async (file: File | null) => {
    if (!file) return;
    setUnreadable(null);
    try {
      onChange(await file.text());
      setLoaded(file.name);
    } catch {
      setUnreadable(`${file.name} could not be read. Save it as a CSV or text file and try again.`);
    }
  };
  return (
    <Stack gap="xs">
      <Textarea
        label="Email addresses"
        description="One per line, optionally followed by a comma and the name — or a CSV file whose first line names an “email” column."
        placeholder={'ada.lovelace@example.com, Ada Lovelace\ngrace.hopper@example.com'}
        autosize
        minRows={5}
        maxRows={12}
        value={value}
        onChange={(event) => {
          onChange(event.currentTarget.value);
          setLoaded(null);
        }}
        error={issues.length > 0 ? 'Some lines need fixing: see below.' : undefined}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      />
      <Group gap="sm">
        <FileButton onChange={load} accept=".csv,.txt,text/csv,text/plain">
          {(props) => (
            <Button
              {...props}
              variant="default"
              size="xs"
              leftSection={<IconFileUpload size={16} aria-hidden="true" />}
            >
              Load a CSV file
            </Button>
          )}
        </FileButton>
        {loaded && (
          <Text size="xs" c="dimmed">
            Loaded {loaded}
          </Text>
        )}
      </Group>
      {unreadable && (
        <Alert color="red" variant="light" role="alert">
          {unreadable}
        </Alert>
      )}
      {issues.length > 0 && (
        <Alert color="red" variant="light" title="Fix these lines of the list" role="alert">
          <List size="sm" spacing={2}>
            {issues.slice(0, 20).map((issue) => (
              <List.Item key={issue}>{issue}</List.Item>
            ))}
          </List>
          {issues.length > 20 && (
            <Text size="sm" mt={4}>
              …and {issues.length - 20} more.
            </Text>
          )}
        </Alert>
      )}
    </Stack>
  );
}
