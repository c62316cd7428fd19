import { Badge, Button, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarPlus, IconCalendarTime } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import type { ActionItem } from '../../../../src/contracts/action-items.contracts.ts';
import type { Meeting } from '../../../../src/contracts/meetings.contracts.ts';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { plural } from '../../../lib/format.ts';
import { MeetingNotes } from '../../notes/components/meeting-notes.tsx';
import { ConfirmModal } from '../../shell/components/confirm-modal.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../shell/components/states.tsx';
import type { WorkspaceContext } from '../../workspace/workspace-context.ts';
import { useActionItems, useMeetingAction, useMeetings } from '../api/meetings.api.ts';
import { ActionItemsList } from './action-items.tsx';
import { MeetingCard } from './meeting-card.tsx';
import { MeetingFormModal, type MeetingFormValues } from './meeting-form-modal.tsx';

/** The pair's meetings (upcoming and past), their agendas, action items and ratings. */
export function MeetingsPanel({ workspace }: { workspace: WorkspaceContext }) {
  const upcoming = useMeetings(workspace.relationshipId, 'upcoming');
  const past = useMeetings(workspace.relationshipId, 'past');
  const actionItems = useActionItems(workspace.relationshipId);
  const action = useMeetingAction(workspace.relationshipId);
  const [editing, setEditing] = useState<Meeting | 'new' | null>(null);
  const [cancelling, setCancelling] = useState<Meeting | null>(null);
  const [itemFilter, setItemFilter] = useState<'open' | 'all'>('open');
  const [focusMeetingId, setFocusMeetingId] = useState<string | null>(null);
  const focusTaken = useCallback(() => setFocusMeetingId(null), []);

  if (upcoming.isPending || past.isPending || actionItems.isPending) {
    return <LoadingState label="Loading your meetings…" />;
  }
  const failed = [upcoming, past, actionItems].find((query) => query.isError);
  if (failed?.isError) {
    return (
      <ErrorState
        error={failed.error}
        title="Your meetings could not be loaded"
        onRetry={() => {
          void upcoming.refetch();
          void past.refetch();
          void actionItems.refetch();
        }}
      />
    );
  }
  if (!upcoming.data || !past.data || !actionItems.data) return null;
  const readOnly = workspace.readOnly || upcoming.data.readOnly;
  const items = actionItems.data.items;
  const itemsOf = (meetingId: string): ActionItem[] => items.filter((item) => item.meetingId === meetingId);
  const openItems = items.filter((item) => !item.done);
  const shownItems = itemFilter === 'open' ? openItems : items;

  const openNew = () => {
    action.reset();
    setEditing('new');
  };
  const submit = (values: MeetingFormValues) => {
    const meeting = editing === 'new' ? null : editing;
    action.mutate(
      meeting
        ? {
            kind: 'update',
            meetingId: meeting.id,
            input: {
              title: values.title,
              date: values.date,
              time: values.time,
              durationMinutes: values.durationMinutes,
              timeZone: values.timeZone,
              location: values.location,
              videoUrl: values.videoUrl,
            },
          }
        : { kind: 'create', input: values },
      {
        onSuccess: (saved) => {
          setEditing(null);
          notifications.show({
            color: 'trellis',
            message: meeting
              ? saved.sequence > meeting.sequence
                ? `Rescheduled. ${workspace.partner.name} has been told.`
                : 'Saved.'
              : `Meeting scheduled. ${workspace.partner.name} has been told. Add it to your calendar.`,
          });
        },
        onError: (error) => {
          if (!(error instanceof ApiError && error.issues.length > 0)) {
            notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) });
          }
        },
      },
    );
  };

  const card = (meeting: Meeting, index: number, section: 'upcoming' | 'past') => (
    <MeetingCard
      key={meeting.id}
      meeting={meeting}
      workspace={workspace}
      readOnly={readOnly}
      actionItems={itemsOf(meeting.id)}
      defaultExpanded={
        index === 0 && (section === 'upcoming' || (meeting.status === 'held' && !meeting.myFeedback))
      }
      notes={<MeetingNotes workspace={workspace} meetingId={meeting.id} />}
      onReschedule={() => {
        action.reset();
        setEditing(meeting);
      }}
      onCancel={() => setCancelling(meeting)}
      onMarked={() => setFocusMeetingId(meeting.id)}
      takeFocus={focusMeetingId === meeting.id}
      onFocusTaken={focusTaken}
    />
  );

  return (
    <Stack gap="xl">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} size="h4">
            Meetings
          </Title>
          <Text size="sm" c="dimmed">
            Times are shown in your time zone (
            {Intl.DateTimeFormat().resolvedOptions().timeZone.replace(/_/g, ' ')}).
          </Text>
        </div>
        {!readOnly && (
          <Button leftSection={<IconCalendarPlus size={16} aria-hidden="true" />} onClick={openNew}>
            Schedule a meeting
          </Button>
        )}
      </Group>

      <section aria-labelledby="meetings-upcoming">
        <Group gap="xs" mb="sm">
          <Title order={3} size="h5" id="meetings-upcoming">
            Upcoming
          </Title>
          <Badge variant="light" color="gray">
            {upcoming.data.total}
          </Badge>
        </Group>
        {upcoming.data.items.length === 0 ? (
          <EmptyState
            order={3}
            icon={<IconCalendarTime size={28} aria-hidden="true" />}
            title="No meeting planned"
            description={
              readOnly
                ? 'This relationship has ended.'
                : 'Regular meetings keep a mentoring relationship going. Plan the next one now.'
            }
          >
            {!readOnly && (
              <Button variant="light" onClick={openNew}>
                Schedule a meeting
              </Button>
            )}
          </EmptyState>
        ) : (
          <Stack gap="sm">
            {upcoming.data.items.map((meeting, index) => card(meeting, index, 'upcoming'))}
            {upcoming.data.total > upcoming.data.items.length && (
              <Text size="xs" c="dimmed">
                Showing the next {upcoming.data.items.length} of {upcoming.data.total}.
              </Text>
            )}
          </Stack>
        )}
      </section>

      <section aria-labelledby="meetings-actions">
        <Group justify="space-between" mb="sm">
          <Group gap="xs">
            <Title order={3} size="h5" id="meetings-actions">
              Action items
            </Title>
            <Badge variant="light" color={openItems.length ? 'blue' : 'gray'}>
              {openItems.length} open
            </Badge>
          </Group>
          <SegmentedControl
            size="xs"
            aria-label="Which action items"
            value={itemFilter}
            onChange={(value) => setItemFilter(value as 'open' | 'all')}
            data={[
              { value: 'open', label: 'Open' },
              { value: 'all', label: `All (${items.length})` },
            ]}
          />
        </Group>
        <ActionItemsList
          workspace={workspace}
          items={shownItems}
          meetingId={null}
          readOnly={readOnly}
          showMeeting
          emptyText={
            itemFilter === 'open' && items.length > 0
              ? 'Everything is done.'
              : 'No action items yet. Agree on next steps in your meetings and note them here.'
          }
        />
      </section>

      <section aria-labelledby="meetings-past">
        <Group gap="xs" mb="sm">
          <Title order={3} size="h5" id="meetings-past">
            Past
          </Title>
          <Badge variant="light" color="gray">
            {past.data.total}
          </Badge>
        </Group>
        {past.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            No past meetings yet.
          </Text>
        ) : (
          <Stack gap="sm">
            {past.data.items.map((meeting, index) => card(meeting, index, 'past'))}
            {past.data.total > past.data.items.length && (
              <Text size="xs" c="dimmed">
                Showing the latest {plural(past.data.items.length, 'meeting')} of {past.data.total}.
              </Text>
            )}
          </Stack>
        )}
      </section>

      <MeetingFormModal
        opened={editing !== null}
        meeting={editing === 'new' ? null : editing}
        saving={action.isPending}
        error={action.error}
        onClose={() => setEditing(null)}
        onSubmit={submit}
      />
      <ConfirmModal
        opened={cancelling !== null}
        onClose={() => setCancelling(null)}
        title="Cancel this meeting?"
        centered={false}
        cancelLabel="Keep it"
        focusCancel
        confirmLabel="Cancel meeting"
        pending={action.isPending}
        onConfirm={() => {
          if (!cancelling) return;
          action.mutate(
            { kind: 'cancel', meetingId: cancelling.id },
            {
              onSuccess: () => {
                setCancelling(null);
                notifications.show({
                  color: 'trellis',
                  message: `Meeting cancelled. ${workspace.partner.name} has been told.`,
                });
              },
              onError: (error) =>
                notifications.show({
                  color: 'red',
                  title: 'Not cancelled',
                  message: errorMessage(error),
                }),
            },
          );
        }}
      >
        <Text size="sm">
          “{cancelling?.title}” will be cancelled and {workspace.partner.name} will be told. Download the
          cancellation to remove it from your calendar.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
