import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Modal,
  Pagination,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconFileSpreadsheet,
  IconUpload,
  IconX,
} from '@tabler/icons-react';
import { useState } from 'react';
import type { EnrolmentImportPreview } from '../../../../src/contracts/enrolments.contracts.ts';
import type { Program } from '../../../../src/contracts/programs.contracts.ts';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { formatNumber, plural } from '../../../lib/format.ts';
import { FormError } from '../../shell/components/states.tsx';
import { useImportEnrolmentCsv, usePreviewEnrolmentCsv } from '../api/enrolment.api.ts';

const MAX_BYTES = 100 * 1024 * 1024;
const ERRORS_PER_PAGE = 20;
const TEMPLATE =
  'email,role,capacity,skills,goals,languages,learning style,meeting mode\n' +
  'ada@example.com,mentor,2,Leadership|Public speaking,Help new managers find their feet,English,visual,video\n' +
  'grace@example.com,mentee,,Public speaking,"Lead a team within a year",English;French,reading,in person\n';
const templateHref = `data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`;

interface LoadedFile {
  name: string;
  text: string;
}

/**
 * Enrol people from a CSV, in three steps: choose the file; read the server's check of every line (who is added,
 * who is enrolled already, each problem with its line); confirm. Nothing is written before the confirmation, and
 * nothing at all while a line has a problem.
 */
export function EnrolmentCsvImport({ program, onClose }: { program: Program; onClose: () => void }) {
  const [file, setFile] = useState<LoadedFile | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const preview = usePreviewEnrolmentCsv(program.id);
  const importCsv = useImportEnrolmentCsv(program.id);
  const result = file ? preview.data : undefined;

  const onDrop = async (files: File[]) => {
    const chosen = files[0];
    if (!chosen) return;
    if (chosen.size === 0) {
      setProblem(`${chosen.name} is empty.`);
      return;
    }
    setProblem(null);
    importCsv.reset();
    const loaded = { name: chosen.name, text: await chosen.text() };
    setFile(loaded);
    preview.mutate(loaded.text);
  };

  const startAgain = () => {
    setFile(null);
    preview.reset();
    importCsv.reset();
  };

  const onConfirm = () => {
    if (!file) return;
    importCsv.mutate(file.text, {
      onSuccess: (done) => {
        const parts = [`${plural(done.created, 'person', 'people')} enrolled`];
        if (done.waitlisted) parts.push(`${formatNumber(done.waitlisted)} on the waitlist`);
        if (done.skipped) parts.push(`${formatNumber(done.skipped)} already enrolled, left as they were`);
        notifications.show({
          color: 'trellis',
          title: 'Enrolled from the CSV',
          message: `${parts.join(', ')}.`,
        });
        onClose();
      },
      // The directory or the program changed since the check: check again, so each problem shows with its line.
      onError: (error) => {
        if (error instanceof ApiError && error.status === 400) {
          importCsv.reset();
          preview.mutate(file.text);
        }
      },
    });
  };

  const canConfirm = result !== undefined && result.errorCount === 0 && result.toAdd.total > 0;

  return (
    <Modal opened onClose={onClose} title="Enrol people from a CSV" size="xl" centered>
      <Stack gap="md">
        {!result ? (
          <UploadStep
            onDrop={onDrop}
            busy={preview.isPending}
            problem={problem ?? (preview.isError ? errorMessage(preview.error) : null)}
            onProblem={setProblem}
          />
        ) : (
          <PreviewStep fileName={file?.name ?? ''} result={result} />
        )}
        <FormError error={importCsv.error} />
        <Group justify="space-between">
          {result ? (
            <Button variant="subtle" onClick={startAgain} disabled={importCsv.isPending}>
              Choose another file
            </Button>
          ) : (
            <span />
          )}
          <Group gap="sm">
            <Button variant="default" onClick={onClose} disabled={importCsv.isPending}>
              Cancel
            </Button>
            {result && (
              <Button onClick={onConfirm} disabled={!canConfirm} loading={importCsv.isPending}>
                {result.toAdd.total > 0 && result.errorCount === 0
                  ? `Enrol ${plural(result.toAdd.total, 'person', 'people')}`
                  : 'Enrol'}
              </Button>
            )}
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}

function UploadStep({
  onDrop,
  busy,
  problem,
  onProblem,
}: {
  onDrop: (files: File[]) => void;
  busy: boolean;
  problem: string | null;
  onProblem: (message: string) => void;
}) {
  return (
    <Stack gap="md">
      <Dropzone
        onDrop={onDrop}
        onReject={(rejections) =>
          onProblem(
            rejections[0]?.file.size && rejections[0].file.size > MAX_BYTES
              ? 'This file is larger than 100 MB. Split it into smaller files.'
              : 'Choose a CSV file (.csv), saved from your spreadsheet as "CSV UTF-8".',
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
        aria-label="Upload the enrolment CSV: drop it here or press Enter to choose it"
        data-testid="enrolment-csv-dropzone"
        inputProps={{ 'aria-label': 'Enrolment CSV file' }}
        data-autofocus
      >
        <Group justify="center" gap="xl" mih={150} style={{ pointerEvents: 'none' }}>
          <Dropzone.Accept>
            <IconUpload size={48} color="var(--mantine-color-trellis-6)" stroke={1.5} aria-hidden="true" />
          </Dropzone.Accept>
          <Dropzone.Reject>
            <IconX size={48} color="var(--mantine-color-red-6)" stroke={1.5} aria-hidden="true" />
          </Dropzone.Reject>
          <Dropzone.Idle>
            <ThemeIcon size={60} radius="xl" variant="light" aria-hidden="true">
              <IconFileSpreadsheet size={32} stroke={1.5} />
            </ThemeIcon>
          </Dropzone.Idle>
          <div>
            <Text size="lg" fw={600}>
              Drag your CSV here or click to choose a file
            </Text>
            <Text size="sm" c="dimmed" mt={6}>
              {busy ? 'Checking every line…' : 'One row per person, with a header row.'}
            </Text>
          </div>
        </Group>
      </Dropzone>
      {problem && (
        <Alert color="red" variant="light" role="alert" title="This file cannot be used">
          {problem}
        </Alert>
      )}
      <Paper withBorder p="md" bg="gray.0">
        <Text size="sm" fw={600} mb={6}>
          What the file needs
        </Text>
        <List size="sm" spacing={4}>
          <List.Item>
            An <b>email</b> column (people already in the directory) and a <b>role</b> column: mentor or
            mentee.
          </List.Item>
          <List.Item>
            Optional: capacity (mentors, 1 to 20), skills (from your skills list, separated by | or ;), goals,
            target function, languages, learning style, meeting mode, department preference (mentees),
            availability.
          </List.Item>
          <List.Item>
            Nothing changes until you confirm: you first see who would be added, who is enrolled already and
            every problem with its line.
          </List.Item>
        </List>
        <Anchor
          href={templateHref}
          download="trellis-enrolment-template.csv"
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

const roleLabel = { mentor: 'Mentor', mentee: 'Mentee' } as const;

function PreviewStep({ fileName, result }: { fileName: string; result: EnrolmentImportPreview }) {
  const hasErrors = result.errorCount > 0;
  return (
    <Stack gap="md" data-testid="enrolment-csv-preview">
      {hasErrors ? (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle aria-hidden="true" />}
          title={`${plural(result.errorCount, 'problem')} to fix in ${fileName}`}
          role="alert"
        >
          Nobody is enrolled while the file has a problem. Correct these lines (the header is line 1), then
          choose the corrected file.
        </Alert>
      ) : result.toAdd.total === 0 ? (
        <Alert
          color="blue"
          variant="light"
          icon={<IconCircleCheck aria-hidden="true" />}
          title="Nothing to add"
        >
          Everyone in {fileName} is enrolled already.
        </Alert>
      ) : (
        <Alert
          color="trellis"
          variant="light"
          icon={<IconCircleCheck aria-hidden="true" />}
          title={`Every line of ${fileName} is valid`}
        >
          Nothing has changed yet. Check who will be enrolled, then confirm.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
        <Figure
          label="Will be added"
          value={result.toAdd.total}
          hint={`${plural(result.toAdd.mentors, 'mentor')} · ${plural(result.toAdd.mentees, 'mentee')}${
            result.toAdd.waitlisted
              ? ` · ${formatNumber(result.toAdd.waitlisted)} would wait for a place`
              : ''
          }`}
        />
        <Figure label="Already enrolled" value={result.alreadyEnrolled.total} hint="Left as they are" />
        <Figure label="Problems" value={result.errorCount} hint={hasErrors ? 'Fix these first' : 'None'} />
      </SimpleGrid>
      {hasErrors && <ErrorTable result={result} />}
      {result.toAdd.total > 0 && (
        <PeopleTable
          title="Will be added"
          total={result.toAdd.total}
          rows={result.toAdd.items.map((item) => ({ ...item, note: roleLabel[item.role] }))}
        />
      )}
      {result.alreadyEnrolled.total > 0 && (
        <PeopleTable
          title="Already enrolled"
          total={result.alreadyEnrolled.total}
          rows={result.alreadyEnrolled.items.map((item) => ({ ...item, note: roleLabel[item.role] }))}
        />
      )}
    </Stack>
  );
}

function Figure({ label, value, hint }: { label: string; value: number; hint: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700} style={{ letterSpacing: '0.04em' }}>
        {label}
      </Text>
      <Text fz={28} fw={750} lh={1.2} mt={4}>
        {formatNumber(value)}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Paper>
  );
}

function ErrorTable({ result }: { result: EnrolmentImportPreview }) {
  const [page, setPage] = useState(1);
  const pages = Math.max(1, Math.ceil(result.errors.length / ERRORS_PER_PAGE));
  const shown = result.errors.slice((page - 1) * ERRORS_PER_PAGE, page * ERRORS_PER_PAGE);
  return (
    <Paper withBorder component="section" aria-labelledby="csv-errors-heading" style={{ overflow: 'hidden' }}>
      <Group justify="space-between" px="md" pt="md" pb="xs">
        <Title order={3} size="h5" id="csv-errors-heading">
          Lines with problems
        </Title>
        {result.errors.length < result.errorCount && (
          <Text size="sm" c="dimmed">
            Showing the first {formatNumber(result.errors.length)} of {formatNumber(result.errorCount)}
          </Text>
        )}
      </Group>
      <Table aria-labelledby="csv-errors-heading" data-testid="enrolment-csv-errors">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={80}>Line</Table.Th>
            <Table.Th w={170}>Column</Table.Th>
            <Table.Th>Problem</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((error, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a line can carry several problems; the order is stable
            <Table.Tr key={`${error.line}-${index}`}>
              <Table.Td>
                <Badge variant="light" color="red" radius="sm">
                  {error.line}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{error.column ?? 'Whole line'}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{error.message}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {pages > 1 && (
        <Group justify="flex-end" p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
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
            getItemProps={(item) => ({ 'aria-label': `Problems page ${item}` })}
          />
        </Group>
      )}
    </Paper>
  );
}

function PeopleTable({
  title,
  total,
  rows,
}: {
  title: string;
  total: number;
  rows: { line: number; personId: string; name: string; email: string; note: string }[];
}) {
  const id = `csv-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Paper withBorder component="section" aria-labelledby={id} style={{ overflow: 'hidden' }}>
      <Group justify="space-between" px="md" pt="md" pb="xs">
        <Title order={3} size="h5" id={id}>
          {title}
        </Title>
        {rows.length < total && (
          <Text size="sm" c="dimmed">
            Showing the first {formatNumber(rows.length)} of {formatNumber(total)}
          </Text>
        )}
      </Group>
      <Table.ScrollContainer minWidth={520}>
        <Table aria-labelledby={id}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={80}>Line</Table.Th>
              <Table.Th>Person</Table.Th>
              <Table.Th w={110}>Role</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={`${row.line}-${row.personId}`}>
                <Table.Td>{row.line}</Table.Td>
                <Table.Td>
                  <Text size="sm">{row.name}</Text>
                  <Text size="xs" c="dimmed">
                    {row.email}
                  </Text>
                </Table.Td>
                <Table.Td>{row.note}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
