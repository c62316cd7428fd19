import '@mantine/dropzone/styles.css';
import {
  Alert,
  Anchor,
  Badge,
  Group,
  List,
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
import { IconFileSpreadsheet, IconUpload, IconX } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { formatNumber } from '../lib/format.ts';

/*
 * The pieces every CSV import screen shares (people, career history, enrolment): the drop zone with its checks,
 * the box that says what the file needs, the table of problems by line and the summary counts.
 */

const MAX_BYTES = 100 * 1024 * 1024;
const PROBLEMS_PER_PAGE = 20;

/** A CSV chosen by the person, read in the browser. */
export interface LoadedCsv {
  name: string;
  text: string;
  size: number;
}

export interface CsvDropzoneProps {
  onLoaded: (file: LoadedCsv) => void;
  busy: boolean;
  error: string | null;
  /** The drop zone's accessible name. */
  label: string;
  /** The file input's accessible name. */
  inputLabel: string;
  testId: string;
  /** What to say when the file is not a CSV. */
  wrongType: string;
  /** The line under "Drag your CSV here…". */
  hint: ReactNode;
  /** Smaller, for a dialog. */
  compact?: boolean;
  /** Take the focus when a dialog opens. */
  autoFocus?: boolean;
}

/**
 * Drop or pick one CSV of at most 100 MB. An empty file, a file too large or of another type is refused here with
 * a message; `error` is a refusal from elsewhere (the server's), shown in the same place.
 */
export function CsvDropzone({
  onLoaded,
  busy,
  error,
  label,
  inputLabel,
  testId,
  wrongType,
  hint,
  compact = false,
  autoFocus = false,
}: CsvDropzoneProps) {
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

  const icon = compact ? 48 : 52;
  return (
    <>
      <Dropzone
        onDrop={onDrop}
        onReject={(rejections) =>
          setProblem(
            rejections[0]?.file.size && rejections[0].file.size > MAX_BYTES
              ? 'This file is larger than 100 MB. Split it into smaller files.'
              : wrongType,
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
        aria-label={label}
        data-testid={testId}
        inputProps={{ 'aria-label': inputLabel }}
        data-autofocus={autoFocus || undefined}
      >
        <Group justify="center" gap="xl" mih={compact ? 150 : 180} style={{ pointerEvents: 'none' }}>
          <Dropzone.Accept>
            <IconUpload size={icon} color="var(--mantine-color-trellis-6)" stroke={1.5} aria-hidden="true" />
          </Dropzone.Accept>
          <Dropzone.Reject>
            <IconX size={icon} color="var(--mantine-color-red-6)" stroke={1.5} aria-hidden="true" />
          </Dropzone.Reject>
          <Dropzone.Idle>
            <ThemeIcon size={compact ? 60 : 64} radius="xl" variant="light" aria-hidden="true">
              <IconFileSpreadsheet size={compact ? 32 : 34} stroke={1.5} />
            </ThemeIcon>
          </Dropzone.Idle>
          <div>
            <Text size="lg" fw={600}>
              Drag your CSV here or click to choose a file
            </Text>
            <Text size="sm" c="dimmed" mt={6}>
              {hint}
            </Text>
          </div>
        </Group>
      </Dropzone>
      {(problem || error) && (
        <Alert color="red" variant="light" role="alert" title="This file cannot be used">
          {problem ?? error}
        </Alert>
      )}
    </>
  );
}

/** An upload step: the drop zone, its message, and what the file needs (`needs`: the list items) with a template. */
export function CsvUploadStep({
  template,
  templateName,
  needs,
  ...dropzone
}: CsvDropzoneProps & { template: string; templateName: string; needs: ReactNode }) {
  return (
    <Stack gap="md">
      <CsvDropzone {...dropzone} />
      <CsvFileNeeds template={template} templateName={templateName}>
        {needs}
      </CsvFileNeeds>
    </Stack>
  );
}

/** The grey box under a file picker: what the file needs (the list items), and a template to download. */
export function CsvFileNeeds({
  title = 'What the file needs',
  template,
  templateName,
  mb,
  children,
}: {
  title?: string;
  /** The template's text. */
  template: string;
  /** The name it downloads as. */
  templateName: string;
  mb?: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="md" bg="gray.0" mb={mb}>
      <Text size="sm" fw={600} mb={6}>
        {title}
      </Text>
      <List size="sm" spacing={4}>
        {children}
      </List>
      <Anchor
        href={`data:text/csv;charset=utf-8,${encodeURIComponent(template)}`}
        download={templateName}
        size="sm"
        mt="sm"
        display="inline-block"
      >
        Download a template CSV
      </Anchor>
    </Paper>
  );
}

/** A problem with one line of a file; `column` is already in words ("Whole row" when it is not one column's). */
export interface LineProblem {
  line: number;
  column: string;
  message: string;
}

/**
 * The problems of a file by line, 20 a page. With `heading`, a section under a visible heading (`title`) that says
 * when only the first of `total` problems are listed; without it, just the table, named `title`.
 */
export function LineProblemsTable({
  problems,
  total,
  title,
  heading,
  columnLabel = 'Column',
  noun = 'problems',
  testId,
}: {
  problems: LineProblem[];
  total: number;
  title: string;
  /** The heading's id and level: 2 on a page, 3 in a dialog. */
  heading?: { id: string; order: 2 | 3 };
  columnLabel?: string;
  /** What the pagination's controls say they page ("Next page of problems"). */
  noun?: 'problems' | 'errors';
  testId?: string;
}) {
  const [page, setPage] = useState(1);
  const pages = Math.max(1, Math.ceil(problems.length / PROBLEMS_PER_PAGE));
  const shown = problems.slice((page - 1) * PROBLEMS_PER_PAGE, page * PROBLEMS_PER_PAGE);
  const onPage = heading?.order === 2;
  const noun1 = noun === 'problems' ? 'Problems' : 'Errors';
  const pagination = pages > 1 && (
    <Pagination
      total={pages}
      value={page}
      onChange={setPage}
      size="sm"
      getControlProps={(control) => ({
        'aria-label':
          control === 'previous'
            ? `Previous page of ${noun}`
            : control === 'next'
              ? `Next page of ${noun}`
              : control,
      })}
      // Without a heading, the page buttons keep their numbers as names.
      getItemProps={heading ? (item) => ({ 'aria-label': `${noun1} page ${item}` }) : undefined}
    />
  );
  const table = (
    <Table aria-labelledby={heading?.id} aria-label={heading ? undefined : title} data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={heading ? (onPage ? 90 : 80) : undefined}>Line</Table.Th>
          <Table.Th w={heading ? (onPage ? 200 : 170) : undefined}>{columnLabel}</Table.Th>
          <Table.Th>Problem</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {shown.map((problem, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a line can carry several problems; the order is stable
          <Table.Tr key={`${problem.line}-${index}`}>
            <Table.Td>
              {heading ? (
                <Badge variant="light" color="red" radius="sm">
                  {problem.line}
                </Badge>
              ) : (
                problem.line
              )}
            </Table.Td>
            <Table.Td>
              <Text size="sm">{problem.column}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{problem.message}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );

  if (!heading) {
    return (
      <>
        <Table.ScrollContainer minWidth={520}>{table}</Table.ScrollContainer>
        {pagination}
      </>
    );
  }
  return (
    <ListSection id={heading.id} order={heading.order} title={title} shown={problems.length} total={total}>
      {table}
      {pagination && (
        <Group justify="flex-end" p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
          {pagination}
        </Group>
      )}
    </ListSection>
  );
}

/**
 * A bordered section under its heading (level 2 on a page, 3 in a dialog) for a list a file's check returned;
 * says so when it holds only the first `shown` of `total`.
 */
export function ListSection({
  id,
  order,
  title,
  shown,
  total,
  children,
}: {
  id: string;
  order: 2 | 3;
  title: string;
  shown: number;
  total: number;
  children: ReactNode;
}) {
  const gap = order === 2 ? 'lg' : 'md';
  return (
    <Paper withBorder component="section" aria-labelledby={id} style={{ overflow: 'hidden' }}>
      <Group justify="space-between" px={gap} pt={gap} pb={order === 2 ? 'sm' : 'xs'}>
        <Title order={order} size={order === 2 ? 'h4' : 'h5'} id={id}>
          {title}
        </Title>
        {shown < total && (
          <Text size="sm" c="dimmed">
            Showing the first {formatNumber(shown)} of {formatNumber(total)}
          </Text>
        )}
      </Group>
      {children}
    </Paper>
  );
}

/** One figure of an import's summary: its label, the number, and a line under it or a colour. */
export interface CountCard {
  label: string;
  value: number;
  hint?: string;
  /** A Mantine colour for the number (shade 9); the text colour when absent. */
  color?: string;
}

/** An import's summary: its counts side by side (stacked on a phone). */
export function CountCards({ items, testId }: { items: CountCard[]; testId?: string }) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md" data-testid={testId}>
      {items.map((item) => (
        <Paper key={item.label} withBorder p="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={700} style={{ letterSpacing: '0.04em' }}>
            {item.label}
          </Text>
          <Text fz={28} fw={750} c={item.color ? `${item.color}.9` : undefined} lh={1.2} mt={4}>
            {formatNumber(item.value)}
          </Text>
          {item.hint && (
            <Text size="xs" c="dimmed">
              {item.hint}
            </Text>
          )}
        </Paper>
      ))}
    </SimpleGrid>
  );
}
