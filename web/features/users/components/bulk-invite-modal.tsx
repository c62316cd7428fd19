import { Alert, Button, Group, List, Loader, Modal, Select, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconMailForward } from '@tabler/icons-react';
import { type FormEvent, type ReactNode, useMemo, useState } from 'react';
import type {
  BulkInvitationPreview,
  BulkInvitationRequest,
  BulkInvitationResult,
} from '../../../../src/contracts/users.contracts.ts';
import { LabelledSegmentedControl } from '../../../components/labelled-segmented-control.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { formatNumber, plural } from '../../../lib/format.ts';
import { usePrograms } from '../../programs/api/programs.api.ts';
import { FormError } from '../../shell/components/states.tsx';
import { useBulkInvitationPreview, useSendBulkInvitations } from '../api/users.api.ts';
import { DirectoryFields, EmailListField, emailListIssues } from './audience-fields.tsx';

type Source = 'program' | 'directory' | 'emails';
type Roles = 'both' | 'mentor' | 'mentee';

const sources = [
  { value: 'program', label: 'Enrolled in a program' },
  { value: 'directory', label: 'From the directory' },
  { value: 'emails', label: 'A list of emails' },
];

/** Said after sending: where the invitations are, when no mail server delivers them. */
export function deliveryNote(result: Pick<BulkInvitationResult, 'delivery'>): string {
  return result.delivery === 'mailbox'
    ? ' No mail server is set up, so they wait in the Mailbox with their links hidden: to hand someone their link, use Resend invitation on their row.'
    : '';
}

/** Why some of the selection get no invitation, in words. */
function skippedReasons(preview: BulkInvitationPreview): string[] {
  const reasons: string[] = [];
  if (preview.hasAccount > 0)
    reasons.push(`${plural(preview.hasAccount, 'person already has', 'people already have')} an account`);
  if (preview.awaitingAcceptance > 0)
    reasons.push(
      `${plural(preview.awaitingAcceptance, 'person was', 'people were')} invited before and ${preview.awaitingAcceptance === 1 ? 'has' : 'have'} not accepted yet — resend to them from the list`,
    );
  if (preview.noEmail > 0)
    reasons.push(`${plural(preview.noEmail, 'person has', 'people have')} no email address in the directory`);
  if (preview.inactive > 0)
    reasons.push(`${plural(preview.inactive, 'person has', 'people have')} left the organisation`);
  if (preview.duplicates > 0)
    reasons.push(`${plural(preview.duplicates, 'line repeats', 'lines repeat')} an address already listed`);
  return reasons;
}

/**
 * Invite many people at once: everyone enrolled in a program, part of the directory, or a list of emails. The
 * count of who gets an invitation (and why the others do not) is shown before anything is sent; a large selection
 * is sent in the background, its progress on the users page.
 */
export function BulkInviteModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [source, setSource] = useState<Source>('program');
  const [programId, setProgramId] = useState<string | null>(null);
  const [roles, setRoles] = useState<Roles>('both');
  const [directory, setDirectory] = useState<{ departments: string[]; levels: number[] }>({
    departments: [],
    levels: [],
  });
  const [csv, setCsv] = useState('');
  const programs = usePrograms();
  const send = useSendBulkInvitations();

  const request = useMemo((): BulkInvitationRequest | null => {
    if (source === 'program')
      return programId
        ? {
            audience: {
              source,
              programId,
              roles: roles === 'both' ? ['mentor', 'mentee'] : [roles],
            },
          }
        : null;
    if (source === 'directory') return { audience: { source, ...directory } };
    return csv.trim() ? { audience: { source, csv } } : null;
  }, [source, programId, roles, directory, csv]);
  const [debounced] = useDebouncedValue(request, 350);
  const preview = useBulkInvitationPreview(opened ? debounced : null);
  const settled = debounced === request;
  const data = settled && preview.data && !preview.isError ? preview.data : null;

  const close = () => {
    send.reset();
    onClose();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!request || !data || data.toInvite === 0) return;
    send.mutate(request, {
      onSuccess: (result) => {
        notifications.show({
          color: 'trellis',
          title: result.job ? 'Invitations on their way' : 'Invitations sent',
          message: result.job
            ? `${plural(result.job.total, 'invitation')} will be sent in the background: follow the progress on this page.`
            : `${plural(result.sent, 'invitation')} sent.${deliveryNote(result)}`,
          autoClose: result.delivery === 'mailbox' ? 12_000 : 5000,
        });
        setCsv('');
        close();
      },
    });
  };

  const listIssues = emailListIssues(preview.error);
  return (
    <Modal opened={opened} onClose={close} title="Invite people in bulk" size="lg" centered>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            Everyone you pick who has no account yet gets an email inviting them to choose a password and
            join.
          </Text>
          <LabelledSegmentedControl
            labelId="bulk-invite-source"
            label="Who to invite"
            data={sources}
            value={source}
            onChange={(value) => setSource(value as Source)}
            fullWidth
          />
          {source === 'program' && (
            <Group grow align="flex-start">
              <Select
                label="Program"
                placeholder={programs.isPending ? 'Loading programs…' : 'Pick a program'}
                data={(programs.data ?? []).map((program) => ({ value: program.id, label: program.name }))}
                value={programId}
                onChange={setProgramId}
                searchable
                nothingFoundMessage="No program of that name"
                data-autofocus
              />
              <Select
                label="Who in the program"
                data={[
                  { value: 'both', label: 'Mentors and mentees' },
                  { value: 'mentor', label: 'Mentors only' },
                  { value: 'mentee', label: 'Mentees only' },
                ]}
                value={roles}
                onChange={(value) => setRoles((value as Roles | null) ?? 'both')}
                allowDeselect={false}
                description="Enrolled, waiting for approval or on the waiting list"
              />
            </Group>
          )}
          {source === 'directory' && (
            <DirectoryFields
              {...directory}
              onChange={setDirectory}
              emptyMeans="Leave both empty to invite everyone active in the directory who has no account."
            />
          )}
          {source === 'emails' && <EmailListField value={csv} onChange={setCsv} error={preview.error} />}

          <PreviewPanel
            waiting={Boolean(request) && (!settled || preview.isFetching) && !data}
            empty={!request}
            source={source}
            preview={data}
            error={listIssues.length > 0 || !settled ? null : preview.error}
          />
          <FormError error={send.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={send.isPending}
              disabled={!data || data.toInvite === 0 || !settled}
              leftSection={<IconMailForward size={18} aria-hidden="true" />}
            >
              {data && data.toInvite > 0 ? `Send ${plural(data.toInvite, 'invitation')}` : 'Send invitations'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function PreviewPanel({
  waiting,
  empty,
  source,
  preview,
  error,
}: {
  waiting: boolean;
  empty: boolean;
  source: Source;
  preview: BulkInvitationPreview | null;
  error: unknown;
}) {
  let content: ReactNode;
  if (empty) {
    content = (
      <Text size="sm" c="dimmed">
        {source === 'program'
          ? 'Pick a program to see who would be invited.'
          : 'Add some email addresses to see who would be invited.'}
      </Text>
    );
  } else if (error) {
    content = (
      <Text size="sm" c="red.8">
        {errorMessage(error)}
      </Text>
    );
  } else if (waiting || !preview) {
    content = (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm">Counting who would be invited…</Text>
      </Group>
    );
  } else {
    const reasons = skippedReasons(preview);
    content = (
      <Stack gap={6}>
        <Title order={3} size="h5">
          {preview.toInvite === 0
            ? 'Nobody here needs an invitation'
            : `${plural(preview.toInvite, 'person', 'people')} will be invited`}
        </Title>
        {preview.sample.length > 0 && (
          <Text size="sm">
            {preview.toInvite > preview.sample.length ? 'Including ' : ''}
            {preview.sample.map((person) => person.name).join(', ')}
            {preview.toInvite > preview.sample.length
              ? ` and ${formatNumber(preview.toInvite - preview.sample.length)} more.`
              : '.'}
          </Text>
        )}
        {reasons.length > 0 && (
          <>
            <Text size="sm">
              {preview.toInvite === 0 ? 'Of the ' : 'Not invited, of the '}
              {plural(preview.total, 'person', 'people')} selected:
            </Text>
            <List size="sm" spacing={2}>
              {reasons.map((reason) => (
                <List.Item key={reason}>{reason}.</List.Item>
              ))}
            </List>
          </>
        )}
        {preview.runsInBackground && (
          <Alert variant="light" color="blue" p="xs">
            <Text size="sm">
              That is a lot of email: it is sent in the background. You can close this window and follow the
              progress on the users page.
            </Text>
          </Alert>
        )}
      </Stack>
    );
  }
  return (
    <section aria-label="Who would be invited" aria-live="polite" aria-busy={waiting}>
      <Stack gap={4} p="sm" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
        {content}
      </Stack>
    </section>
  );
}
