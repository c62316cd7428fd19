import { Alert, Anchor, Group, List, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { IconFileSpreadsheet, IconUpload, IconX } from '@tabler/icons-react';
import { useState } from 'react';

const MAX_BYTES = 100 * 1024 * 1024;
const TEMPLATE =
  'hrisId,name,email,title,department,jobFunction,level,managerEmail,location,timeZone,languages,hireDate\n' +
  'E001,Ada Lovelace,ada@example.com,VP Engineering,Engineering,Engineering,7,,London,Europe/London,English;French,2019-04-01\n' +
  'E002,Grace Hopper,grace@example.com,Staff Engineer,Engineering,Engineering,5,ada@example.com,New York,America/New_York,English,2021-09-15\n';
const templateHref = `data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`;

export interface LoadedFile {
  name: string;
  text: string;
  size: number;
}

/** Step 1: pick or drop a CSV; its text is read in the browser and previewed by the server. */
export function UploadStep({
  onLoaded,
  busy,
  error,
}: {
  onLoaded: (file: LoadedFile) => void;
  busy: boolean;
  error: string | null;
}) {
  const [problem, setProblem] = useState<string | null>(null);

  const onDrop = async (files: File[]) => {
    const file = files[0];
    if (!file) return;
    if (file.size === 0) {
      setProblem(`${file.name} is empty.`);
      return;
    }
    setProblem(null);
    const text = await file.text();
    onLoaded({ name: file.name, text, size: file.size });
  };

  return (
    <Stack gap="md">
      <Dropzone
        onDrop={onDrop}
        onReject={(rejections) =>
          setProblem(
            rejections[0]?.file.size && rejections[0].file.size > MAX_BYTES
              ? 'This file is larger than 100 MB. Split it into smaller files.'
              : 'Choose a CSV file (.csv). Export it from your HR system as "CSV, comma separated".',
          )
        }
        maxSize={MAX_BYTES}
        multiple={false}
        accept={{
          'text/csv': ['.csv'],
          'text/plain': ['.csv', '.txt'],
          'application/vnd.ms-excel': ['.csv'],
        }}
        loading={busy}
        radius="lg"
        aria-label="Upload a CSV file: drop it here or press Enter to choose it"
        data-testid="csv-dropzone"
        inputProps={{ 'aria-label': 'CSV file' }}
      >
        <Group justify="center" gap="xl" mih={180} style={{ pointerEvents: 'none' }}>
          <Dropzone.Accept>
            <IconUpload size={52} color="var(--mantine-color-trellis-6)" stroke={1.5} aria-hidden="true" />
          </Dropzone.Accept>
          <Dropzone.Reject>
            <IconX size={52} color="var(--mantine-color-red-6)" stroke={1.5} aria-hidden="true" />
          </Dropzone.Reject>
          <Dropzone.Idle>
            <ThemeIcon size={64} radius="xl" variant="light" aria-hidden="true">
              <IconFileSpreadsheet size={34} stroke={1.5} />
            </ThemeIcon>
          </Dropzone.Idle>
          <div>
            <Text size="lg" fw={600}>
              Drag your CSV here or click to choose a file
            </Text>
            <Text size="sm" c="dimmed" mt={6}>
              One row per employee, with a header row. Up to 100 MB.
            </Text>
          </div>
        </Group>
      </Dropzone>
      {(problem || error) && (
        <Alert color="red" variant="light" role="alert" title="This file cannot be used">
          {problem ?? error}
        </Alert>
      )}
      <Paper withBorder p="md" bg="gray.0">
        <Text size="sm" fw={600} mb={6}>
          What the file needs
        </Text>
        <List size="sm" spacing={4}>
          <List.Item>A work email and a name for each person (or first and last name columns).</List.Item>
          <List.Item>
            Optional: employee ID, title, department, job function, level, manager's email or ID, location,
            time zone, languages, hire date.
          </List.Item>
          <List.Item>
            Optional exit type (voluntary or involuntary) for people the file marks as inactive.
          </List.Item>
          <List.Item>
            Optional, self-declared: gender, age band, ethnicity, disability, caring responsibilities. Leave a
            cell blank for "not stated". Only admins can see these answers, and they are used only in group
            totals where small groups are hidden, never shown person by person.
          </List.Item>
          <List.Item>
            Nothing changes until you confirm: you will see a preview and a check of every row first.
          </List.Item>
        </List>
        <Anchor
          href={templateHref}
          download="trellis-people-template.csv"
          size="sm"
          mt="sm"
          display="inline-block"
        >
          Download a template CSV
        </Anchor>
      </Paper>
    </Stack>
  );
}
