import { Alert, Button, Group, List, Modal, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import type { EnrolmentImportPreview } from '../../../../src/contracts/enrolments.contracts.ts';
import type { Program } from '../../../../src/contracts/programs.contracts.ts';
import {
  CountCards,
  CsvUploadStep,
  LineProblemsTable,
  ListSection,
  type LoadedCsv,
} from '../../../components/csv-import.tsx';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { formatNumber, plural } from '../../../lib/format.ts';
import { FormError } from '../../shell/components/states.tsx';
import { useImportEnrolmentCsv, usePreviewEnrolmentCsv } from '../api/enrolment.api.ts';

const TEMPLATE =
  'email,role,capacity,skills,goals,languages,learning style,meeting mode\n' +
  'ada@example.com,mentor,2,Leadership|Public speaking,Help new managers find their feet,English,visual,video\n' +
  'grace@example.com,mentee,,Public speaking,"Lead a team within a year",English;French,reading,in person\n';

/**
 * Enrol people from a CSV, in three steps: choose the file; read the server's check of every line (who is added,
 * who is enrolled already, each problem with its line); confirm. Nothing is written before the confirmation, and
 * nothing at all while a line has a problem.
 */
export function EnrolmentCsvImport({ program, onClose }: { program: Program; onClose: () => void }) {
  const [file, setFile] = useState<LoadedCsv | null>(null);
  const preview = usePreviewEnrolmentCsv(program.id);
  const importCsv = useImportEnrolmentCsv(program.id);
  const result = file ? preview.data : undefined;

  const onLoaded = (loaded: LoadedCsv) => {
    importCsv.reset();
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
          <CsvUploadStep
            onLoaded={onLoaded}
            busy={preview.isPending}
            error={preview.isError ? errorMessage(preview.error) : null}
            label="Upload the enrolment CSV: drop it here or press Enter to choose it"
            inputLabel="Enrolment CSV file"
            testId="enrolment-csv-dropzone"
            wrongType='Choose a CSV file (.csv), saved from your spreadsheet as "CSV UTF-8".'
            hint={preview.isPending ? 'Checking every line…' : 'One row per person, with a header row.'}
            compact
            autoFocus
            template={TEMPLATE}
            templateName="trellis-enrolment-template.csv"
            needs={
              <>
                <List.Item>
                  An <b>email</b> column (people already in the directory) and a <b>role</b> column: mentor or
                  mentee.
                </List.Item>
                <List.Item>
                  Optional: capacity (mentors, 1 to 20), skills (from your skills list, separated by | or ;),
                  goals, target function, languages, learning style, meeting mode, department preference
                  (mentees), availability.
                </List.Item>
                <List.Item>
                  Nothing changes until you confirm: you first see who would be added, who is enrolled already
                  and every problem with its line.
                </List.Item>
              </>
            }
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
      <CountCards
        items={[
          {
            label: 'Will be added',
            value: result.toAdd.total,
            hint: `${plural(result.toAdd.mentors, 'mentor')} · ${plural(result.toAdd.mentees, 'mentee')}${
              result.toAdd.waitlisted
                ? ` · ${formatNumber(result.toAdd.waitlisted)} would wait for a place`
                : ''
            }`,
          },
          { label: 'Already enrolled', value: result.alreadyEnrolled.total, hint: 'Left as they are' },
          { label: 'Problems', value: result.errorCount, hint: hasErrors ? 'Fix these first' : 'None' },
        ]}
      />
      {hasErrors && (
        <LineProblemsTable
          problems={result.errors.map((error) => ({
            line: error.line,
            column: error.column ?? 'Whole line',
            message: error.message,
          }))}
          total={result.errorCount}
          title="Lines with problems"
          heading={{ id: 'csv-errors-heading', order: 3 }}
          testId="enrolment-csv-errors"
        />
      )}
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
    <ListSection id={id} order={3} title={title} shown={rows.length} total={total}>
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
    </ListSection>
  );
}
