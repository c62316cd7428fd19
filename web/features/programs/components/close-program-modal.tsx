import { Alert, Button, Group, List, Modal, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ProgramDetail } from '../../../../src/contracts/programs.contracts.ts';
import { errorMessage } from '../../../lib/api.ts';
import { plural } from '../../../lib/format.ts';
import { describeTally } from '../../../lib/notice-tally.ts';
import { ErrorState } from '../../shell/components/states.tsx';
import { useClosePreview, useTransitionProgram } from '../api/programs.api.ts';

/**
 * "Close the program?": what closing does to what is still open (decision 028), counted by the server when the
 * dialog opens, and the close itself. Cancel has the focus: closing cannot be undone.
 */
export function CloseProgramModal({
  program,
  opened,
  onClose,
}: {
  program: ProgramDetail;
  opened: boolean;
  onClose: () => void;
}) {
  const preview = useClosePreview(program.id, opened);
  const transition = useTransitionProgram(program.id);
  const data = preview.data;

  const onConfirm = () =>
    transition.mutate('closed', {
      onSuccess: (result) => {
        onClose();
        const closing = result.closing;
        const ended = closing
          ? [
              closing.completed ? `${plural(closing.completed, 'pair')} marked completed` : null,
              closing.withdrawn ? `${plural(closing.withdrawn, 'open request')} withdrawn` : null,
              closing.enrolmentsEnded
                ? `${plural(closing.enrolmentsEnded, 'waiting enrolment')} ended`
                : null,
            ].filter(Boolean)
          : [];
        notifications.show({
          color: 'trellis',
          title: `${program.name} is closed`,
          message: [
            ended.length ? `${ended.join(', ')}.` : 'Nothing was still open.',
            closing && closing.told.people > 0 ? describeTally(closing.told) : '',
          ]
            .filter(Boolean)
            .join(' '),
          autoClose: 12_000,
        });
      },
    });

  return (
    <Modal
      opened={opened}
      onClose={() => !transition.isPending && onClose()}
      title="Close the program?"
      centered
    >
      <Stack>
        {preview.isPending ? (
          <Stack gap="xs" role="status" aria-live="polite" aria-label="Counting what closing ends">
            <Skeleton height={14} />
            <Skeleton height={14} width="80%" />
            <Skeleton height={14} width="60%" />
          </Stack>
        ) : preview.isError ? (
          <ErrorState
            error={preview.error}
            title="What closing ends could not be counted"
            onRetry={() => preview.refetch()}
          />
        ) : data ? (
          <>
            <Text size="sm">
              {program.name} ends for everyone. Workspaces, goals, meetings and notes stay readable. This
              cannot be undone.
            </Text>
            <List size="sm" spacing="xs" data-testid="close-effects">
              <List.Item>
                {data.activePairs === 0
                  ? 'No pair is active.'
                  : `${plural(data.activePairs, 'active pair')} will be marked completed: both people are told, and their closing survey opens.`}
              </List.Item>
              {data.openRequests > 0 && (
                <List.Item>
                  {`${plural(data.openRequests, 'request or proposal', 'requests and proposals')} still waiting for an answer will be withdrawn; both sides are told.`}
                </List.Item>
              )}
              {data.waitingEnrolments > 0 && (
                <List.Item>
                  {`${plural(data.waitingEnrolments, 'person', 'people')} still waiting for approval or a mentor place: their enrolment ends, and they are told.`}
                </List.Item>
              )}
            </List>
            {!data.canClose && (
              <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden="true" />}>
                This program cannot be closed from its current status.
              </Alert>
            )}
          </>
        ) : null}
        {transition.isError && (
          <Alert color="red" variant="light" role="alert" title="The program was not closed">
            {errorMessage(transition.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={transition.isPending} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={onConfirm} loading={transition.isPending} disabled={!data?.canClose}>
            {data && data.activePairs > 0
              ? `Close and complete ${plural(data.activePairs, 'pair')}`
              : 'Close the program'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
