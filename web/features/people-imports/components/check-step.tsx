import { Alert, Stack } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import type { ImportResult } from '../../../../src/contracts/people-imports.contracts.ts';
import { CountCards, LineProblemsTable } from '../../../components/csv-import.tsx';
import { plural } from '../../../lib/format.ts';
import { importFieldLabels } from '../api/people-imports.api.ts';

function fieldLabel(field: string | null): string {
  if (!field) return 'Whole row';
  return importFieldLabels[field as keyof typeof importFieldLabels] ?? field;
}

/** Step 3: the dry run's verdict on every row. */
export function CheckStep({ result }: { result: ImportResult }) {
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
      <LineProblemsTable
        problems={[...result.errors]
          .sort((a, b) => a.line - b.line)
          .map((error) => ({ line: error.line, column: fieldLabel(error.field), message: error.message }))}
        total={result.errorCount}
        title="Rows with problems"
        heading={{ id: 'errors-heading', order: 2 }}
        columnLabel="Field"
        noun="errors"
        testId="import-errors"
      />
    </Stack>
  );
}

export function ImportCounts({ result, future = false }: { result: ImportResult; future?: boolean }) {
  return (
    <CountCards
      testId="import-counts"
      items={[
        { label: future ? 'Will be created' : 'Created', value: result.created, color: 'trellis' },
        { label: future ? 'Will be updated' : 'Updated', value: result.updated, color: 'blue' },
        { label: 'Unchanged', value: result.unchanged },
      ]}
    />
  );
}
