import { List } from '@mantine/core';
import { CsvUploadStep, type LoadedCsv } from '../../../components/csv-import.tsx';

const TEMPLATE =
  'hrisId,name,email,title,department,jobFunction,level,managerEmail,location,timeZone,languages,hireDate\n' +
  'E001,Ada Lovelace,ada@example.com,VP Engineering,Engineering,Engineering,7,,London,Europe/London,English;French,2019-04-01\n' +
  'E002,Grace Hopper,grace@example.com,Staff Engineer,Engineering,Engineering,5,ada@example.com,New York,America/New_York,English,2021-09-15\n';

export type LoadedFile = LoadedCsv;

/** Step 1: pick or drop a CSV; its text is read in the browser and previewed by the server. */
export function UploadStep({
  onLoaded,
  busy,
  error,
}: {
  onLoaded: (file: LoadedFile) => void;
  busy: boolean;
  error: string | null;
}) {
  return (
    <CsvUploadStep
      onLoaded={onLoaded}
      busy={busy}
      error={error}
      label="Upload a CSV file: drop it here or press Enter to choose it"
      inputLabel="CSV file"
      testId="csv-dropzone"
      wrongType='Choose a CSV file (.csv). Export it from your HR system as "CSV, comma separated".'
      hint="One row per employee, with a header row. Up to 100 MB."
      template={TEMPLATE}
      templateName="trellis-people-template.csv"
      needs={
        <>
          <List.Item>A work email and a name for each person (or first and last name columns).</List.Item>
          <List.Item>
            Optional: employee ID, title, department, job function, level, manager's email or ID, location,
            time zone, languages, hire date.
          </List.Item>
          <List.Item>
            Optional exit type (voluntary or involuntary) for people the file marks as inactive.
          </List.Item>
          <List.Item>
            Optional, self-declared: gender, age band, ethnicity, disability, caring responsibilities. Leave a
            cell blank for "not stated". Only admins can see these answers, and they are used only in group
            totals where small groups are hidden, never shown person by person.
          </List.Item>
          <List.Item>
            Nothing changes until you confirm: you will see a preview and a check of every row first.
          </List.Item>
        </>
      }
    />
  );
}
