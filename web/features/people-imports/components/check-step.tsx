import { Alert, Badge, Group, Pagination, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import type { ImportResult } from '../../../../src/contracts/people-imports.contracts.ts';
import { formatNumber, plural } from '../../../lib/format.ts';
import { importFieldLabels } from '../api/people-imports.api.ts';

const ERRORS_PER_PAGE = 20;

function fieldLabel(field: string | null): string {
  if (!field) return 'Whole row';
  return importFieldLabels[field as keyof typeof importFieldLabels] ?? field;
}

/** Step 3: the dry run's verdict on every row. */
export function CheckStep({ result }: { result: ImportResult }) {
  const [page, setPage] = useState(1);
  const errors = [...result.errors].sort((a, b) => a.line - b.line);
  const pages = Math.max(1, Math.ceil(errors.length / ERRORS_PER_PAGE));
  const shown = errors.slice((page - 1) * ERRORS_PER_PAGE, page * ERRORS_PER_PAGE);
  const hasErrors = result.errorCount > 0 || result.status === 'rejected' || result.status === 'failed';

  if (!hasErrors) {
    return (
      <Stack gap="md">
        <Alert
          color="trellis"
          variant="light"
          icon={<IconCircleCheck aria-hidden="true" />}
          title="Every row is valid"
        >
          We checked {plural(result.totalRows, 'row')} and found no problem. Nothing has been changed yet.
          When you import, people the file marks as inactive or terminated lose their Trellis access at once.
        </Alert>
        <ImportCounts result={result} future />
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Alert
        color="red"
        variant="light"
        icon={<IconAlertTriangle aria-hidden="true" />}
        title={`${plural(result.errorCount, 'problem')} to fix`}
      >
        Nothing was imported. Correct these rows in your file (line numbers count the header as line 1), then
        upload the corrected file.
      </Alert>
      <Paper withBorder component="section" aria-labelledby="errors-heading" style={{ overflow: 'hidden' }}>
        <Group justify="space-between" px="lg" pt="lg" pb="sm">
          <Title order={2} size="h4" id="errors-heading">
            Rows with problems
          </Title>
          {errors.length < result.errorCount && (
            <Text size="sm" c="dimmed">
              Showing the first {formatNumber(errors.length)} of {formatNumber(result.errorCount)}
            </Text>
          )}
        </Group>
        <Table aria-labelledby="errors-heading" data-testid="import-errors">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={90}>Line</Table.Th>
              <Table.Th w={200}>Field</Table.Th>
              <Table.Th>Problem</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((error, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a line can carry several errors; order is stable
              <Table.Tr key={`${error.line}-${index}`}>
                <Table.Td>
                  <Badge variant="light" color="red" radius="sm">
                    {error.line}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{fieldLabel(error.field)}</Text>
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
                    ? 'Previous page of errors'
                    : control === 'next'
                      ? 'Next page of errors'
                      : control,
              })}
              getItemProps={(item) => ({ 'aria-label': `Errors page ${item}` })}
            />
          </Group>
        )}
      </Paper>
    </Stack>
  );
}

export function ImportCounts({ result, future = false }: { result: ImportResult; future?: boolean }) {
  const items = [
    { label: future ? 'Will be created' : 'Created', value: result.created, color: 'trellis' },
    { label: future ? 'Will be updated' : 'Updated', value: result.updated, color: 'blue' },
    { label: 'Unchanged', value: result.unchanged, color: 'gray' },
  ];
  return (
    <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md" data-testid="import-counts">
      {items.map((item) => (
        <Paper key={item.label} withBorder p="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={700} style={{ letterSpacing: '0.04em' }}>
            {item.label}
          </Text>
          <Text fz={30} fw={750} c={item.color === 'gray' ? undefined : `${item.color}.9`} lh={1.2} mt={4}>
            {formatNumber(item.value)}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
