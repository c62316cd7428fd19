import { Alert, Button, Group, Modal, Progress, Radio, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMailForward } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { BulkInvitationJob, PendingInvitations } from '../../../../src/contracts/users.contracts.ts';
import { formatDateTime, formatNumber, plural } from '../../../lib/format.ts';
import { mailboxKeys } from '../../mailbox/api/mailbox.api.ts';
import { FormError } from '../../shell/components/states.tsx';
import {
  useBulkInvitationStatus,
  usePendingInvitations,
  useResendPendingInvitations,
  userKeys,
} from '../api/users.api.ts';
import { deliveryNote } from './bulk-invite-modal.tsx';

/**
 * Above the list of accounts: a bulk invitation sending in the background (its progress), and the invitations not
 * accepted yet with a way to send them again.
 */
export function InvitationsPanel({ onShowExpired }: { onShowExpired: () => void }) {
  const status = useBulkInvitationStatus();
  const pending = usePendingInvitations();
  const [resendOpened, setResendOpened] = useState(false);
  const job = status.data?.latest ?? null;
  useFinishedJob(job);
  const running = job && (job.status === 'queued' || job.status === 'running');

  return (
    <Stack gap="sm" mb="md">
      {running && <JobProgress job={job} />}
      {job?.error && !running && (
        <Alert color="red" variant="light" role="alert" title="Sending stopped">
          {job.error}
        </Alert>
      )}
      {pending.data && pending.data.pending > 0 && (
        <Alert variant="light" color="blue" p="sm">
          <Group justify="space-between" gap="sm">
            <Text size="sm">
              {plural(pending.data.pending, 'invitation is', 'invitations are')} not accepted yet
              {pending.data.expired > 0 ? (
                <>
                  {', '}
                  <Button variant="subtle" size="compact-sm" onClick={onShowExpired} px={4}>
                    {formatNumber(pending.data.expired)} of them expired
                  </Button>
                </>
              ) : null}
              .
            </Text>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconMailForward size={16} aria-hidden="true" />}
              onClick={() => setResendOpened(true)}
              disabled={Boolean(running)}
            >
              Resend invitations
            </Button>
          </Group>
        </Alert>
      )}
      {pending.data && (
        // Opened afresh each time, on the choice that fits the counts of the moment.
        <ResendModal
          key={resendOpened ? 'opened' : 'closed'}
          opened={resendOpened}
          onClose={() => setResendOpened(false)}
          pending={pending.data}
        />
      )}
    </Stack>
  );
}

function JobProgress({ job }: { job: BulkInvitationJob }) {
  const value = job.total > 0 ? Math.round((job.processed / job.total) * 100) : 0;
  const label = `${job.mode === 'resend' ? 'Resending invitations' : 'Sending invitations'}: ${formatNumber(job.processed)} of ${formatNumber(job.total)}`;
  return (
    <Alert variant="light" color="trellis" p="sm">
      <Stack gap={6}>
        <Text size="sm">{job.status === 'queued' ? `${label} (starting…)` : label}</Text>
        <Progress.Root size="md">
          <Progress.Section
            value={value}
            animated
            aria-label={job.mode === 'resend' ? 'Resending invitations' : 'Sending invitations'}
          />
        </Progress.Root>
        <Text size="xs" c="dimmed">
          Started {formatDateTime(job.createdAt)}. You can leave this page: sending goes on.
        </Text>
      </Stack>
    </Alert>
  );
}

/**
 * When a job started while this page is open finishes: say so, and show the accounts it made. A job already over
 * when the page opened is not announced again.
 */
function useFinishedJob(job: BulkInvitationJob | null) {
  const queryClient = useQueryClient();
  const pastJob = useRef<number | null | undefined>(undefined);
  const announced = useRef<number | null>(null);
  useEffect(() => {
    const running = job && (job.status === 'queued' || job.status === 'running');
    if (pastJob.current === undefined) {
      // The first answer: a job already finished belongs to the past.
      pastJob.current = job && !running ? job.id : null;
      return;
    }
    if (!job || running || job.id === pastJob.current || announced.current === job.id) return;
    announced.current = job.id;
    void queryClient.invalidateQueries({ queryKey: userKeys.all });
    void queryClient.invalidateQueries({ queryKey: mailboxKeys.all });
    if (job.status === 'done' && !job.error)
      notifications.show({
        color: 'trellis',
        title: job.mode === 'resend' ? 'Invitations resent' : 'Invitations sent',
        message: `${plural(job.sent, 'invitation')} sent.`,
      });
  }, [job, queryClient]);
}

function ResendModal({
  opened,
  onClose,
  pending,
}: {
  opened: boolean;
  onClose: () => void;
  pending: PendingInvitations;
}) {
  const [only, setOnly] = useState<'expired' | 'all'>(pending.expired > 0 ? 'expired' : 'all');
  const resend = useResendPendingInvitations();
  const count = only === 'expired' ? pending.expired : pending.pending;
  const close = () => {
    resend.reset();
    onClose();
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    resend.mutate(
      { only },
      {
        onSuccess: (result) => {
          notifications.show({
            color: 'trellis',
            title: result.job ? 'Invitations on their way' : 'Invitations resent',
            message: result.job
              ? `${plural(result.job.total, 'invitation')} will be resent in the background: follow the progress on this page.`
              : `${plural(result.sent, 'invitation')} sent again.${deliveryNote(result)}`,
            autoClose: result.delivery === 'mailbox' ? 12_000 : 5000,
          });
          close();
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={close} title="Resend invitations" centered>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Radio.Group
            label="Send a new invitation to"
            value={only}
            onChange={(value) => setOnly(value as 'expired' | 'all')}
          >
            <Stack gap="xs" mt="xs">
              <Radio
                value="expired"
                label={`The ${plural(pending.expired, 'person', 'people')} whose invitation expired`}
                disabled={pending.expired === 0}
              />
              <Radio
                value="all"
                label={`Everyone who has not accepted (${plural(pending.pending, 'person', 'people')})`}
              />
            </Stack>
          </Radio.Group>
          <Text size="sm" c="dimmed">
            Each gets a new link by email; the links sent before stop working.
            {count > pending.backgroundFrom
              ? ' So many are sent in the background, with progress on this page.'
              : ''}
          </Text>
          <FormError error={resend.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={resend.isPending} disabled={count === 0}>
              {`Resend ${plural(count, 'invitation')}`}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
