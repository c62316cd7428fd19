import { Badge, Paper, Table, Text, Title } from '@mantine/core';
import type { ImportSummary } from '../../../../src/contracts/people-imports.contracts.ts';
import { formatDateTime, formatNumber } from '../../../lib/format.ts';
import { useImportHistory } from '../api/people-imports.api.ts';

const statusColor: Record<ImportSummary['status'], string> = {
  running: 'blue',
  succeeded: 'trellis',
  rejected: 'orange',
  failed: 'red',
};
const statusLabel: Record<ImportSummary['status'], string> = {
  running: 'Running',
  succeeded: 'Imported',
  rejected: 'Rejected',
  failed: 'Failed',
};

/** The last imports (not the dry runs): who changed the directory, when, and how much. */
export function ImportHistory() {
  const history = useImportHistory();
  const imports = (history.data ?? []).filter((item) => !item.dryRun);
  if (history.isError || imports.length === 0) return null;
  return (
    <Paper
      withBorder
      mt="xl"
      component="section"
      aria-labelledby="history-heading"
      style={{ overflow: 'hidden' }}
    >
      <Title order={2} size="h4" px="lg" pt="lg" pb="sm" id="history-heading">
        Recent imports
      </Title>
      <Table.ScrollContainer minWidth={640}>
        <Table aria-labelledby="history-heading">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>File</Table.Th>
              <Table.Th>Started</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th ta="right">Created</Table.Th>
              <Table.Th ta="right">Updated</Table.Th>
              <Table.Th ta="right">Unchanged</Table.Th>
              <Table.Th ta="right">Problems</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {imports.slice(0, 10).map((item) => (
              <Table.Tr key={item.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {item.fileName ?? 'Untitled file'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(item.createdAt)}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={statusColor[item.status]} variant="light">
                    {statusLabel[item.status]}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">{formatNumber(item.created)}</Table.Td>
                <Table.Td ta="right">{formatNumber(item.updated)}</Table.Td>
                <Table.Td ta="right">{formatNumber(item.unchanged)}</Table.Td>
                <Table.Td ta="right">{formatNumber(item.errorCount)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
