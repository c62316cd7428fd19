import { Alert, Badge, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type {
  ImportField,
  ImportMapping,
  ImportPreview,
} from '../../../../src/contracts/people-imports.contracts.ts';
import { plural } from '../../../lib/format.ts';
import { importFieldLabels, importFields } from '../api/people-imports.api.ts';

/** Which required fields the current mapping leaves without a column. */
export function missingFields(preview: ImportPreview, mapping: ImportMapping): ImportField[] {
  const missing: ImportField[] = [];
  if (!mapping.email) missing.push('email');
  if (!mapping.name && !(mapping.firstName && mapping.lastName)) missing.push('name');
  for (const field of preview.missingRequired) {
    if (!mapping[field] && !missing.includes(field) && field !== 'firstName' && field !== 'lastName') {
      missing.push(field);
    }
  }
  return missing;
}

/** Step 2: the first rows as the server read them, and one select per person field. */
export function MappingStep({
  preview,
  mapping,
  onChange,
}: {
  preview: ImportPreview;
  mapping: ImportMapping;
  onChange: (mapping: ImportMapping) => void;
}) {
  const missing = missingFields(preview, mapping);
  const used = new Set(Object.values(mapping));
  const ignored = preview.headers.filter((header) => !used.has(header));
  const headerOptions = preview.headers.map((header) => ({ value: header, label: header }));
  const required = (field: ImportField) =>
    field === 'email' || field === 'name' || preview.missingRequired.includes(field);

  return (
    <Stack gap="lg">
      {missing.length > 0 ? (
        <Alert
          color="orange"
          variant="light"
          icon={<IconAlertTriangle aria-hidden="true" />}
          title="Some required columns are not mapped"
        >
          Choose a column for: {missing.map((field) => importFieldLabels[field]).join(', ')}.
        </Alert>
      ) : (
        <Alert color="trellis" variant="light" title="Columns matched">
          We matched your columns to Trellis fields. Check them below, then check every row.
        </Alert>
      )}

      <Paper withBorder p="lg" component="section" aria-labelledby="mapping-heading">
        <Group justify="space-between" mb="md">
          <Title order={2} size="h4" id="mapping-heading">
            Column mapping
          </Title>
          <Text size="sm" c="dimmed">
            {plural(preview.headers.length, 'column')} · {plural(preview.totalRows, 'row')}
          </Text>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {importFields.map((field) => {
            const isMissing = missing.includes(field);
            return (
              <Select
                key={field}
                label={importFieldLabels[field]}
                placeholder="Not in this file"
                data={headerOptions}
                value={mapping[field] ?? null}
                clearable
                searchable
                withAsterisk={required(field)}
                error={isMissing ? 'Required: choose a column' : undefined}
                onChange={(value) => {
                  const next = { ...mapping };
                  if (value) next[field] = value;
                  else delete next[field];
                  onChange(next);
                }}
                data-testid={`mapping-${field}`}
              />
            );
          })}
        </SimpleGrid>
        {ignored.length > 0 && (
          <Group gap="xs" mt="md">
            <Text size="sm" c="dimmed">
              Ignored columns:
            </Text>
            {ignored.map((header) => (
              <Badge key={header} variant="outline" color="gray" tt="none">
                {header}
              </Badge>
            ))}
          </Group>
        )}
      </Paper>

      <Paper withBorder component="section" aria-labelledby="preview-heading" style={{ overflow: 'hidden' }}>
        <Group justify="space-between" px="lg" pt="lg" pb="sm">
          <Title order={2} size="h4" id="preview-heading">
            First rows of your file
          </Title>
          <Text size="sm" c="dimmed">
            {preview.sampleRows.length} of {plural(preview.totalRows, 'row')}
          </Text>
        </Group>
        {/* Focusable so keyboard users can scroll a wide file sideways (WCAG 2.1.1). */}
        {/* biome-ignore lint/a11y/useSemanticElements: a <section> here would add a landmark for a table wrapper */}
        <div
          className="table-scroll"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to scroll by keyboard
          tabIndex={0}
          role="region"
          aria-label="First rows of your file, scrollable"
        >
          <Table
            striped
            withColumnBorders
            aria-labelledby="preview-heading"
            fz="sm"
            data-testid="import-preview"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Line</Table.Th>
                {preview.headers.map((header) => (
                  <Table.Th key={header} style={{ whiteSpace: 'nowrap' }}>
                    {header}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.sampleRows.map((row, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are shown in file order and never reordered
                <Table.Tr key={index}>
                  <Table.Td c="dimmed">{index + 2}</Table.Td>
                  {preview.headers.map((header) => (
                    <Table.Td key={header} style={{ whiteSpace: 'nowrap' }}>
                      {row[header] ?? ''}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      </Paper>
    </Stack>
  );
}
