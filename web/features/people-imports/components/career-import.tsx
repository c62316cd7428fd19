import {
  Alert,
  Badge,
  Button,
  Code,
  FileButton,
  Group,
  List,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import type { ImportResult } from '../../../../src/contracts/people-imports.contracts.ts';
import { CountCards, CsvFileNeeds, LineProblemsTable } from '../../../components/csv-import.tsx';
import { formatDateTime, formatNumber, plural } from '../../../lib/format.ts';
import { ErrorState } from '../../shell/components/states.tsx';
import { useCareerImportHistory, useImportCareerEvents } from '../api/people-imports.api.ts';

const TEMPLATE =
  'hris_id,email,event,date,from,to,exit_type\n' +
  'E001,,promotion,2024-04-01,4,5,\n' +
  ',grace@example.com,department_change,2024-09-01,Engineering,Product,\n' +
  'E017,,exit,2025-01-31,,,voluntary\n' +
  'E017,,hire,2025-06-02,,,\n';

interface LoadedFile {
  name: string;
  text: string;
}

/**
 * The "Career history" tab of the import page: upload a file of promotions, moves and exits, check every row
 * (nothing is written), then import. Importing the same file again changes nothing.
 */
export function CareerImport() {
  const [file, setFile] = useState<LoadedFile | null>(null);
  const [check, setCheck] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const importEvents = useImportCareerEvents();

  const choose = async (chosen: File | null) => {
    if (!chosen) return;
    const loaded = { name: chosen.name, text: await chosen.text() };
    setFile(loaded);
    setCheck(null);
    setDone(null);
    importEvents.mutate(
      { csv: loaded.text, fileName: loaded.name, dryRun: true },
      { onSuccess: (result) => setCheck(result) },
    );
  };

  const commit = () => {
    if (!file) return;
    importEvents.mutate(
      { csv: file.text, fileName: file.name, dryRun: false },
      {
        onSuccess: (result) => {
          if (result.status === 'succeeded') setDone(result);
          else setCheck(result);
        },
      },
    );
  };

  const checkOk = check?.status === 'succeeded';

  return (
    <Stack gap="lg">
      <Paper withBorder p={{ base: 'md', sm: 'xl' }} component="section" aria-labelledby="career-heading">
        <Title order={2} size="h3" id="career-heading" mb="xs">
          Career history
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          Bring in past promotions, moves and departures from your HR system, so outcome reports can compare
          people who took part in mentoring with colleagues who did not. Only admins see this history.
        </Text>
        <CsvFileNeeds
          title="What the file needs (one row per event, with a header row)"
          template={TEMPLATE}
          templateName="trellis-career-history-template.csv"
          mb="md"
        >
          <List.Item>
            <Code>hris_id</Code> or <Code>email</Code>: who the event is about (someone already in Trellis).
          </List.Item>
          <List.Item>
            <Code>event</Code>: promotion, level_change, pay_change, job_change, department_change, exit, or
            hire (for someone who came back).
          </List.Item>
          <List.Item>
            <Code>date</Code>: when it took effect, written YYYY-MM-DD, today at the latest.
          </List.Item>
          <List.Item>
            Optional <Code>from</Code> and <Code>to</Code>: the old and new value. For a promotion or level
            change these are levels (numbers).
          </List.Item>
          <List.Item>
            Optional <Code>exit_type</Code>: voluntary or involuntary, for exits only.
          </List.Item>
          <List.Item>
            One event per person, kind and day: importing the same file again changes nothing, and a corrected
            row replaces what was there.
          </List.Item>
        </CsvFileNeeds>

        <Group>
          <FileButton onChange={choose} accept=".csv,text/csv,text/plain">
            {(props) => (
              <Button
                {...props}
                leftSection={<IconUpload size={16} aria-hidden="true" />}
                loading={importEvents.isPending && !check}
                variant={file ? 'default' : 'filled'}
              >
                {file ? 'Choose another file' : 'Choose a CSV file'}
              </Button>
            )}
          </FileButton>
          {file && (
            <Text size="sm" c="dimmed" data-testid="career-file-name">
              {file.name}
            </Text>
          )}
        </Group>

        {importEvents.isError && (
          <Stack mt="md">
            <ErrorState error={importEvents.error} title="This file cannot be used" />
          </Stack>
        )}

        {check && !done && (
          <Stack gap="md" mt="lg">
            {checkOk ? (
              <Alert
                color="trellis"
                variant="light"
                icon={<IconCircleCheck aria-hidden="true" />}
                title="Every row is valid"
              >
                We checked {plural(check.totalRows, 'row')}. Nothing has been saved yet.
              </Alert>
            ) : (
              <RowProblems result={check} />
            )}
            <CareerCounts result={check} future={checkOk} />
            {checkOk && (
              <Group>
                <Button onClick={commit} loading={importEvents.isPending}>
                  Import {plural(check.created + check.updated, 'event')}
                </Button>
              </Group>
            )}
          </Stack>
        )}

        {done && (
          <Stack gap="md" mt="lg">
            <Alert
              color="trellis"
              variant="light"
              icon={<IconCircleCheck aria-hidden="true" />}
              title="Imported"
            >
              <span role="status">
                {plural(done.created, 'new event')} saved, {formatNumber(done.updated)} corrected,{' '}
                {formatNumber(done.unchanged)} already known.
              </span>
            </Alert>
          </Stack>
        )}
      </Paper>
      <CareerImportHistory />
    </Stack>
  );
}

function CareerCounts({ result, future }: { result: ImportResult; future: boolean }) {
  return (
    <CountCards
      items={[
        { label: future ? 'New events to save' : 'New events', value: result.created },
        { label: future ? 'Events to correct' : 'Corrected', value: result.updated },
        { label: 'Already recorded', value: result.unchanged },
      ]}
    />
  );
}

function RowProblems({ result }: { result: ImportResult }) {
  return (
    <Stack gap="sm">
      <Alert
        color="red"
        variant="light"
        icon={<IconAlertTriangle aria-hidden="true" />}
        title={`${plural(result.errorCount, 'problem')} to fix`}
      >
        Nothing was saved. Correct these rows in your file (line numbers count the header as line 1), then
        choose the corrected file.
      </Alert>
      <LineProblemsTable
        problems={[...result.errors]
          .sort((a, b) => a.line - b.line)
          .map((error) => ({ line: error.line, column: error.field ?? 'Whole row', message: error.message }))}
        total={result.errorCount}
        title="Rows with problems"
      />
    </Stack>
  );
}

function CareerImportHistory() {
  const history = useCareerImportHistory();
  const imports = (history.data ?? []).filter((item) => !item.dryRun);
  if (history.isError || imports.length === 0) return null;
  return (
    <Paper
      withBorder
      component="section"
      aria-labelledby="career-history-heading"
      style={{ overflow: 'hidden' }}
    >
      <Title order={2} size="h4" px="lg" pt="lg" pb="sm" id="career-history-heading">
        Recent career history imports
      </Title>
      <Table.ScrollContainer minWidth={560}>
        <Table aria-labelledby="career-history-heading">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>File</Table.Th>
              <Table.Th>Started</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th ta="right">New</Table.Th>
              <Table.Th ta="right">Corrected</Table.Th>
              <Table.Th ta="right">Already known</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {imports.map((item) => (
              <Table.Tr key={item.id}>
                <Table.Td>{item.fileName ?? 'Untitled file'}</Table.Td>
                <Table.Td>{formatDateTime(item.createdAt)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={item.status === 'succeeded' ? 'trellis' : 'orange'}>
                    {item.status === 'succeeded'
                      ? 'Imported'
                      : item.status === 'running'
                        ? 'Running'
                        : 'Not imported'}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">{formatNumber(item.created)}</Table.Td>
                <Table.Td ta="right">{formatNumber(item.updated)}</Table.Td>
                <Table.Td ta="right">{formatNumber(item.unchanged)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
