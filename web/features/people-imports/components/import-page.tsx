import {
  Alert,
  Button,
  Group,
  Paper,
  Progress,
  Stack,
  Stepper,
  Tabs,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowLeft,
  IconCircleCheck,
  IconFileText,
  IconUpload,
} from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type {
  ImportMapping,
  ImportPreview,
  ImportResult,
} from '../../../../src/contracts/people-imports.contracts.ts';
import { errorMessage } from '../../../lib/api.ts';
import { formatNumber, plural } from '../../../lib/format.ts';
import { PageHeader } from '../../shell/components/page-header.tsx';
import { ErrorState } from '../../shell/components/states.tsx';
import { useImportProgress, usePreviewImport, useStartImport } from '../api/people-imports.api.ts';
import { CareerImport } from './career-import.tsx';
import { CheckStep, ImportCounts } from './check-step.tsx';
import { ImportHistory } from './import-history.tsx';
import { MappingStep, missingFields } from './mapping-step.tsx';
import { type LoadedFile, UploadStep } from './upload-step.tsx';

const STEP_TITLES = ['Upload a CSV', 'Map columns', 'Check rows', 'Import'];

/** The import page: people (the directory) and career history (promotions, moves, exits), one tab each. */
export function ImportPage() {
  const [tab, setTab] = useState<string | null>('people');
  return (
    <>
      <PageHeader
        title="Import people"
        documentTitle={tab === 'career' ? 'Import career history' : 'Import people'}
        description="Bring your organisation in from an HRIS export. Existing people are matched by employee ID or email and updated; nobody is deleted."
      />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="lg">
          <Tabs.Tab value="people">People</Tabs.Tab>
          <Tabs.Tab value="career">Career history</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="people">
          <PeopleImport />
        </Tabs.Panel>
        <Tabs.Panel value="career">
          <CareerImport />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function PeopleImport() {
  const [step, setStep] = useState(0);
  const [effectiveOn, setEffectiveOn] = useState('');
  const [file, setFile] = useState<LoadedFile | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [check, setCheck] = useState<ImportResult | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const previewImport = usePreviewImport();
  // Shares its cache entry with the progress step: a finished import marks the last step done.
  const finished = useImportProgress(importId).data?.status === 'succeeded';
  const startImport = useStartImport();
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Each step announces itself: focus moves to its heading so keyboard and screen-reader users follow along.
  const stepChanged = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on purpose each time the step changes
  useEffect(() => {
    if (stepChanged.current) headingRef.current?.focus();
    stepChanged.current = true;
  }, [step]);

  const onLoaded = (loaded: LoadedFile) => {
    setFile(loaded);
    setCheck(null);
    previewImport.mutate(loaded.text, {
      onSuccess: (result) => {
        setPreview(result);
        // A corrected file with the same columns keeps the mapping chosen for the previous one.
        const previousStillFits =
          preview &&
          Object.keys(mapping).length > 0 &&
          Object.values(mapping).every((header) => result.headers.includes(header as string));
        setMapping(previousStillFits ? mapping : result.mapping);
        setStep(1);
      },
    });
  };

  const runCheck = () => {
    if (!file) return;
    startImport.mutate(
      { csv: file.text, mapping, fileName: file.name, dryRun: true, effectiveOn },
      {
        onSuccess: (result) => {
          setCheck(result);
          setStep(2);
        },
      },
    );
  };

  const runImport = () => {
    if (!file) return;
    startImport.mutate(
      { csv: file.text, mapping, fileName: file.name, dryRun: false, effectiveOn },
      {
        onSuccess: (result) => {
          setImportId(result.id);
          setStep(3);
        },
      },
    );
  };

  const restart = () => {
    setStep(0);
    setFile(null);
    setPreview(null);
    setMapping({});
    setCheck(null);
    setImportId(null);
    previewImport.reset();
    startImport.reset();
  };

  const missing = preview ? missingFields(preview, mapping) : [];
  const checkHasErrors = check ? check.errorCount > 0 || check.status !== 'succeeded' : false;
  const importing = step === 3;

  return (
    <>
      <Paper withBorder p={{ base: 'md', sm: 'xl' }}>
        <Stepper
          active={finished ? 4 : step}
          onStepClick={(target) => {
            if (!importing && target < step) setStep(target);
          }}
          allowNextStepsSelect={false}
          size="sm"
          mb="xl"
        >
          <Stepper.Step
            label="Upload"
            description="Choose a CSV file"
            allowStepSelect={!importing && step > 0}
          />
          <Stepper.Step
            label="Map columns"
            description="Match your columns"
            allowStepSelect={!importing && step > 1}
          />
          <Stepper.Step
            label="Check"
            description="Validate every row"
            allowStepSelect={!importing && step > 2}
          />
          <Stepper.Step label="Import" description="Save the changes" allowStepSelect={false} />
        </Stepper>

        <Group justify="space-between" mb="md" align="center">
          <Title order={2} size="h3" ref={headingRef} tabIndex={-1} style={{ outline: 'none' }}>
            {STEP_TITLES[step]}
          </Title>
          {file && step > 0 && (
            <Group gap={6} c="dimmed">
              <IconFileText size={16} aria-hidden="true" />
              <Text size="sm" data-testid="import-file-name">
                {file.name}
              </Text>
            </Group>
          )}
        </Group>

        {step === 0 && (
          <UploadStep
            onLoaded={onLoaded}
            busy={previewImport.isPending}
            error={previewImport.isError ? errorMessage(previewImport.error) : null}
          />
        )}

        {step === 1 && preview && (
          <Stack gap="lg">
            <MappingStep preview={preview} mapping={mapping} onChange={setMapping} />
            <TextInput
              type="date"
              label="Date the file describes"
              description="Leave empty for today. Promotions, moves and departures this file shows are recorded on this date."
              value={effectiveOn}
              onChange={(event) => setEffectiveOn(event.currentTarget.value)}
              maw={320}
            />
            {startImport.isError && <ErrorState error={startImport.error} title="The check could not run" />}
            <Group justify="space-between">
              <Button
                variant="default"
                leftSection={<IconArrowLeft size={16} aria-hidden="true" />}
                onClick={() => setStep(0)}
              >
                Choose another file
              </Button>
              <Button onClick={runCheck} loading={startImport.isPending} disabled={missing.length > 0}>
                Check {plural(preview.totalRows, 'row')}
              </Button>
            </Group>
          </Stack>
        )}

        {step === 2 && check && (
          <Stack gap="lg">
            <CheckStep result={check} />
            {startImport.isError && (
              <ErrorState error={startImport.error} title="The import could not start" />
            )}
            <Group justify="space-between">
              <Button
                variant="default"
                leftSection={<IconArrowLeft size={16} aria-hidden="true" />}
                onClick={() => setStep(1)}
              >
                Back to mapping
              </Button>
              {checkHasErrors ? (
                <Button leftSection={<IconUpload size={16} aria-hidden="true" />} onClick={() => setStep(0)}>
                  Upload a corrected file
                </Button>
              ) : (
                <Button onClick={runImport} loading={startImport.isPending}>
                  Import {plural(check.totalRows, 'person', 'people')}
                </Button>
              )}
            </Group>
          </Stack>
        )}

        {step === 3 && importId && <ProgressStep importId={importId} onRestart={restart} />}
      </Paper>
      <ImportHistory />
    </>
  );
}

function ProgressStep({ importId, onRestart }: { importId: string; onRestart: () => void }) {
  const progress = useImportProgress(importId);
  if (progress.isError) return <ErrorState error={progress.error} onRetry={() => progress.refetch()} />;
  const result = progress.data;
  const total = result?.totalRows ?? 0;
  const processed = result?.processedRows ?? 0;
  const percent = total > 0 ? Math.round((processed / total) * 100) : 0;

  if (!result || result.status === 'running') {
    return (
      <Stack gap="sm" py="md">
        <Group justify="space-between">
          <Text fw={600}>Importing…</Text>
          <Text size="sm" c="dimmed">
            {formatNumber(processed)} of {plural(total, 'row')}
          </Text>
        </Group>
        <Progress value={percent} size="xl" radius="xl" animated striped aria-label="Import progress" />
        <Text size="sm" c="dimmed">
          You can leave this page: the import continues on the server and appears in the history below.
        </Text>
      </Stack>
    );
  }

  if (result.status !== 'succeeded') {
    return (
      <Stack gap="md">
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle aria-hidden="true" />}
          title="The import did not complete"
        >
          {result.errorCount > 0
            ? `${plural(result.errorCount, 'row')} had problems, so nothing was changed. ${result.errors
                .slice(0, 3)
                .map((error) => `Line ${error.line}: ${error.message}`)
                .join(' · ')}`
            : 'Something went wrong on the server. Nothing was changed; try again.'}
        </Alert>
        <Group>
          <Button onClick={onRestart}>Start again</Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="lg" data-testid="import-summary">
      <Group gap="md" wrap="nowrap">
        <ThemeIcon size={48} radius="xl" color="trellis" aria-hidden="true">
          <IconCircleCheck size={28} />
        </ThemeIcon>
        <div>
          <Text fw={700} size="lg" role="status">
            Import complete
          </Text>
          <Text size="sm" c="dimmed">
            {plural(result.totalRows, 'row')} from {result.fileName ?? 'your file'} processed.
          </Text>
        </div>
      </Group>
      <Progress value={100} size="md" radius="xl" aria-label="Import progress" />
      <ImportCounts result={result} />
      <Group>
        <Button component={Link} to="/people">
          Open the directory
        </Button>
        <Button variant="default" onClick={onRestart}>
          Import another file
        </Button>
      </Group>
    </Stack>
  );
}
