import {
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  Loader,
  Modal,
  Paper,
  Progress,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconSpeakerphone } from '@tabler/icons-react';
import { type FormEvent, type ReactNode, useMemo, useState } from 'react';
import type {
  LaunchEmailJob,
  LaunchEmailPreview,
  LaunchEmailSummary,
  LaunchPreviewRequest,
} from '../../../../src/contracts/program-launch.contracts.ts';
import type { ProgramDetail } from '../../../../src/contracts/programs.contracts.ts';
import { LabelledSegmentedControl } from '../../../components/labelled-segmented-control.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { formatDateTime, formatNumber, plural } from '../../../lib/format.ts';
import { FormError } from '../../shell/components/states.tsx';
import { DirectoryFields, EmailListField, emailListIssues } from '../../users/components/audience-fields.tsx';
import { useLaunchEmailPreview, useLaunchEmailSummary, useSendLaunchEmail } from '../api/messages.api.ts';

type Kind = 'everyone' | 'directory' | 'emails';

const kinds = [
  { value: 'everyone', label: 'Everyone' },
  { value: 'directory', label: 'Departments and levels' },
  { value: 'emails', label: 'A list of emails' },
];

/**
 * The program page's launch email: a button in the header while enrolment is open, and on the overview a reminder
 * to send it until it went out (with the progress of a large send). Staff only.
 */
export function LaunchEmailButton({ program }: { program: ProgramDetail }) {
  const shown = program.canManage && program.status === 'enrolling';
  const summary = useLaunchEmailSummary(program.id, shown);
  const [opened, modal] = useDisclosure(false);
  if (!shown) return null;
  return (
    <>
      <Button
        variant={summary.data && summary.data.sentTo === 0 ? 'filled' : 'default'}
        leftSection={<IconSpeakerphone size={18} aria-hidden="true" />}
        onClick={modal.open}
      >
        Send launch email
      </Button>
      {opened && summary.data && (
        <LaunchEmailModal program={program} summary={summary.data} onClose={modal.close} />
      )}
    </>
  );
}

/** On the overview: tell staff that nobody has been told yet, or how a large send is going. */
export function LaunchEmailPrompt({ program }: { program: ProgramDetail }) {
  const shown = program.canManage && program.status === 'enrolling';
  const summary = useLaunchEmailSummary(program.id, shown);
  const [opened, modal] = useDisclosure(false);
  if (!shown || !summary.data) return null;
  const { job, sentTo, lastSentAt, lastSentBy } = summary.data;
  const running = job && (job.status === 'queued' || job.status === 'running');
  let content: ReactNode = null;
  if (running) content = <LaunchProgress job={job} />;
  else if (job?.error)
    content = (
      <Alert color="red" variant="light" role="alert" title="The launch email stopped">
        {job.error}
      </Alert>
    );
  else if (sentTo === 0)
    content = (
      <Alert variant="light" color="trellis" title="Enrolment is open: let people know">
        <Group justify="space-between" gap="sm">
          <Text size="sm">
            Send a launch email to the people you want in this program, with a link to enrol. Those without an
            account are invited in the same email.
          </Text>
          <Button size="xs" onClick={modal.open}>
            Write the launch email
          </Button>
        </Group>
      </Alert>
    );
  else
    content = (
      <Text size="sm" c="dimmed">
        Launch email sent to {plural(sentTo, 'person', 'people')}
        {lastSentAt ? `, last on ${formatDateTime(lastSentAt)}` : ''}
        {lastSentBy ? ` by ${lastSentBy}` : ''}.
      </Text>
    );
  return (
    <section aria-label="Launch email">
      <Stack gap="xs" mb="md">
        {content}
      </Stack>
      {opened && <LaunchEmailModal program={program} summary={summary.data} onClose={modal.close} />}
    </section>
  );
}

function LaunchProgress({ job }: { job: LaunchEmailJob }) {
  const value = job.total > 0 ? Math.round((job.processed / job.total) * 100) : 0;
  return (
    <Paper withBorder p="sm">
      <Stack gap={6}>
        <Text size="sm">
          Sending the launch email: {formatNumber(job.processed)} of {formatNumber(job.total)}
          {job.status === 'queued' ? ' (starting…)' : ''}
        </Text>
        <Progress.Root size="md">
          <Progress.Section value={value} animated aria-label="Sending the launch email" />
        </Progress.Root>
      </Stack>
    </Paper>
  );
}

/** The skipped part of the audience, in words. */
function leftOut(preview: LaunchEmailPreview, resend: boolean): string[] {
  const reasons: string[] = [];
  if (preview.alreadyEnrolled > 0)
    reasons.push(`${plural(preview.alreadyEnrolled, 'person is', 'people are')} already enrolled`);
  if (preview.alreadySent > 0 && !resend)
    reasons.push(`${plural(preview.alreadySent, 'person', 'people')} got it already`);
  if (preview.optedOut > 0)
    reasons.push(`${plural(preview.optedOut, 'person', 'people')} turned off enrolment messages`);
  if (preview.noEmail > 0)
    reasons.push(`${plural(preview.noEmail, 'person has', 'people have')} no email address in the directory`);
  if (preview.inactive > 0)
    reasons.push(`${plural(preview.inactive, 'person has', 'people have')} left the organisation`);
  if (preview.notInDirectory.count > 0) {
    const lines = preview.notInDirectory.examples.map((example) => `line ${example.line}`).join(', ');
    reasons.push(
      `${plural(preview.notInDirectory.count, 'address is', 'addresses are')} nobody in the directory (${lines}${preview.notInDirectory.count > preview.notInDirectory.examples.length ? ', …' : ''}): add them to the directory first`,
    );
  }
  if (preview.duplicates > 0)
    reasons.push(`${plural(preview.duplicates, 'line repeats', 'lines repeat')} an address already listed`);
  return reasons;
}

function LaunchEmailModal({
  program,
  summary,
  onClose,
}: {
  program: ProgramDetail;
  summary: LaunchEmailSummary;
  onClose: () => void;
}) {
  const [kind, setKind] = useState<Kind>('everyone');
  const [directory, setDirectory] = useState<{ departments: string[]; levels: number[] }>({
    departments: [],
    levels: [],
  });
  const [csv, setCsv] = useState('');
  const [message, setMessage] = useState('');
  const [resend, setResend] = useState(false);
  const send = useSendLaunchEmail(program.id);

  const request = useMemo((): LaunchPreviewRequest | null => {
    if (kind === 'everyone') return { audience: { kind }, resend };
    if (kind === 'directory')
      return directory.departments.length + directory.levels.length > 0
        ? { audience: { kind, ...directory }, resend }
        : null;
    return csv.trim() ? { audience: { kind, csv }, resend } : null;
  }, [kind, directory, csv, resend]);
  const [debounced] = useDebouncedValue(request, 350);
  const preview = useLaunchEmailPreview(program.id, debounced);
  const settled = debounced === request;
  const data = settled && preview.data && !preview.isError ? preview.data : null;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!request || !data || data.recipients === 0) return;
    send.mutate(
      { ...request, message: message.trim() || undefined },
      {
        onSuccess: (result) => {
          notifications.show({
            color: 'trellis',
            title: 'Launch email sent',
            message: result.job
              ? `${plural(result.job.total, 'person', 'people')} will be told in the background: follow the progress on the program’s overview.`
              : `${plural(result.sent, 'person', 'people')} told that enrolment is open.`,
          });
          onClose();
        },
      },
    );
  };

  const listIssues = emailListIssues(preview.error);
  const reasons = data ? leftOut(data, resend) : [];
  return (
    <Modal opened onClose={onClose} title={`Launch email: ${program.name}`} size="lg" centered>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            Tell people that {program.name} is open for enrolment, with a link to its enrolment form. People
            without an account are invited in the same email. Everyone gets it once, as they chose to hear
            about enrolment.
          </Text>
          <LabelledSegmentedControl
            labelId="launch-email-audience"
            label="Who gets it"
            data={kinds}
            value={kind}
            onChange={(value) => setKind(value as Kind)}
            fullWidth
          />
          {kind === 'directory' && (
            <DirectoryFields
              {...directory}
              onChange={setDirectory}
              emptyMeans="Pick departments, levels or both: people must match both."
            />
          )}
          {kind === 'emails' && <EmailListField value={csv} onChange={setCsv} error={preview.error} />}
          <Textarea
            label="A few words from you"
            description="Optional: shown above the program’s description."
            autosize
            minRows={2}
            maxRows={6}
            maxLength={2000}
            value={message}
            onChange={(event) => setMessage(event.currentTarget.value)}
          />
          {summary.sentTo > 0 && (
            <Checkbox
              label={`Send it again to people who already got it (${plural(summary.sentTo, 'person', 'people')} so far)`}
              checked={resend}
              onChange={(event) => setResend(event.currentTarget.checked)}
            />
          )}
          <section aria-label="Who would get it" aria-live="polite">
            <Stack
              gap={6}
              p="sm"
              style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}
            >
              {!request ? (
                <Text size="sm" c="dimmed">
                  {kind === 'directory'
                    ? 'Pick departments or levels to see who would get it.'
                    : 'Add some email addresses to see who would get it.'}
                </Text>
              ) : preview.isError && settled ? (
                listIssues.length > 0 ? (
                  <Text size="sm" c="red.8">
                    Fix the lines of the list first.
                  </Text>
                ) : (
                  <Text size="sm" c="red.8">
                    {errorMessage(preview.error)}
                  </Text>
                )
              ) : !data ? (
                <Group gap="xs">
                  <Loader size="xs" />
                  <Text size="sm">Counting who would get it…</Text>
                </Group>
              ) : (
                <>
                  <Title order={3} size="h5">
                    {data.recipients === 0
                      ? 'Nobody here would get it'
                      : `${plural(data.recipients, 'person', 'people')} will get it`}
                  </Title>
                  {data.recipients > 0 && (
                    <Text size="sm">
                      {formatNumber(data.byEmail)} by email
                      {data.withInvitation > 0
                        ? ` (${plural(data.withInvitation, 'person', 'people')} without an account ${data.withInvitation === 1 ? 'gets' : 'get'} an invitation with it)`
                        : ''}
                      {data.recipients > data.byEmail
                        ? `, ${formatNumber(data.recipients - data.byEmail)} in Trellis only, as they chose`
                        : ''}
                      .
                    </Text>
                  )}
                  {reasons.length > 0 && (
                    <>
                      <Text size="sm">Left out:</Text>
                      <List size="sm" spacing={2}>
                        {reasons.map((reason) => (
                          <List.Item key={reason}>{reason}.</List.Item>
                        ))}
                      </List>
                    </>
                  )}
                  {data.runsInBackground && (
                    <Text size="sm" c="dimmed">
                      That many are told in the background: follow the progress on the program’s overview.
                    </Text>
                  )}
                </>
              )}
            </Stack>
          </section>
          <FormError error={send.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={send.isPending}
              disabled={!data || data.recipients === 0 || !settled}
              leftSection={<IconSpeakerphone size={18} aria-hidden="true" />}
            >
              {data && data.recipients > 0
                ? `Send to ${plural(data.recipients, 'person', 'people')}`
                : 'Send the launch email'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
