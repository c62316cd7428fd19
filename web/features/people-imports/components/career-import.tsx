import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  FileButton,
  Group,
  List,
  Pagination,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import type { ImportResult } from '../../../../src/contracts/people-imports.contracts.ts';
import { formatDateTime, formatNumber, plural } from '../../../lib/format.ts';
import { ErrorState } from '../../shell/components/states.tsx';
import { useCareerImportHistory, useImportCareerEvents } from '../api/people-imports.api.ts';

const TEMPLATE =
  'hris_id,email,event,date,from,to,exit_type\n' +
  'E001,,promotion,2024-04-01,4,5,\n' +
  ',grace@example.com,department_change,2024-09-01,Engineering,Product,\n' +
  'E017,,exit,2025-01-31,,,voluntary\n' +
  'E017,,hire,2025-06-02,,,\n';
const templateHref = `data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`;
const ERRORS_PER_PAGE = 20;

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
        <Paper withBorder p="md" bg="gray.0" mb="md">
          <Text size="sm" fw={600} mb={6}>
            What the file needs (one row per event, with a header row)
          </Text>
          <List size="sm" spacing={4}>
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
              One event per person, kind and day: importing the same file again changes nothing, and a
              corrected row replaces what was there.
            </List.Item>
          </List>
          <Anchor
            href={templateHref}
            download="trellis-career-history-template.csv"
            size="sm"
            mt="sm"
            display="inline-block"
          >
            Download a template CSV
          </Anchor>
        </Paper>

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
  const items = [
    { label: future ? 'New events to save' : 'New events', value: result.created },
    { label: future ? 'Events to correct' : 'Corrected', value: result.updated },
    { label: 'Already recorded', value: result.unchanged },
  ];
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      {items.map((item) => (
        <Paper key={item.label} withBorder p="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {item.label}
          </Text>
          <Text size="xl" fw={700}>
            {formatNumber(item.value)}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function RowProblems({ result }: { result: ImportResult }) {
  const [page, setPage] = useState(1);
  const errors = [...result.errors].sort((a, b) => a.line - b.line);
  const pages = Math.max(1, Math.ceil(errors.length / ERRORS_PER_PAGE));
  const shown = errors.slice((page - 1) * ERRORS_PER_PAGE, page * ERRORS_PER_PAGE);
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
      <Table.ScrollContainer minWidth={520}>
        <Table aria-label="Rows with problems">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Line</Table.Th>
              <Table.Th>Column</Table.Th>
              <Table.Th>Problem</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((error) => (
              <Table.Tr key={`${error.line}-${error.field}-${error.message}`}>
                <Table.Td>{error.line}</Table.Td>
                <Table.Td>{error.field ?? 'Whole row'}</Table.Td>
                <Table.Td>{error.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages > 1 && (
        <Pagination
          total={pages}
          value={page}
          onChange={setPage}
          size="sm"
          getControlProps={(control) => ({
            'aria-label':
              control === 'previous'
                ? 'Previous page of problems'
                : control === 'next'
                  ? 'Next page of problems'
                  : control,
          })}
        />
      )}
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
