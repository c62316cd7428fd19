import { Button, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconTable } from '@tabler/icons-react';
import { type ReactNode, useId, useState } from 'react';

export interface ChartTable {
  caption: string;
  columns: string[];
  rows: (string | number)[][];
}

/**
 * A chart with its numbers as a table beside it: the table is always in the page for screen readers (visually hidden
 * until "Show as table" is pressed), so nobody depends on reading the drawing.
 */
export function ChartCard({
  title,
  description,
  table,
  children,
  actions,
}: {
  title: string;
  description?: ReactNode;
  table: ChartTable;
  children: ReactNode;
  actions?: ReactNode;
}) {
  const [showTable, setShowTable] = useState(false);
  const headingId = useId();
  const tableId = useId();
  const tableNode = (
    <Table id={tableId} striped withTableBorder fz="sm" className="dashboard-table">
      <Table.Caption>{table.caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          {table.columns.map((column) => (
            <Table.Th key={column} scope="col">
              {column}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {table.rows.map((row) => (
          <Table.Tr key={String(row[0])}>
            {row.map((value, i) =>
              i === 0 ? (
                <Table.Th key={table.columns[i]} scope="row" fw={500}>
                  {value}
                </Table.Th>
              ) : (
                <Table.Td key={table.columns[i]}>{value}</Table.Td>
              ),
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
  return (
    <Paper withBorder p="md" className="dashboard-card" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2}>
            <Title order={2} size="h5" id={headingId}>
              {title}
            </Title>
            {description && (
              <Text size="xs" c="dimmed">
                {description}
              </Text>
            )}
          </Stack>
          <Group gap="xs" className="no-print" wrap="nowrap">
            {actions}
            <Button
              size="compact-xs"
              variant="subtle"
              leftSection={<IconTable size={14} aria-hidden="true" />}
              aria-expanded={showTable}
              aria-controls={tableId}
              onClick={() => setShowTable((v) => !v)}
            >
              {showTable ? 'Show as chart' : 'Show as table'}
            </Button>
          </Group>
        </Group>
        {showTable ? tableNode : <div aria-hidden="true">{children}</div>}
        {!showTable && <VisuallyHidden>{tableNode}</VisuallyHidden>}
      </Stack>
    </Paper>
  );
}
