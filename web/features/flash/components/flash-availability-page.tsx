import {
  ActionIcon,
  Badge,
  Button,
  Grid,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarPlus, IconRepeat, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router';
import type { FlashAvailability, FlashSlot } from '../../../../src/contracts/flash.contracts.ts';
import { errorMessage } from '../../../lib/api.ts';
import { timeZoneOptions } from '../../meetings/meeting-time.ts';
import { ConfirmModal } from '../../shell/components/confirm-modal.tsx';
import { PageBreadcrumbs } from '../../shell/components/page-breadcrumbs.tsx';
import { PageHeader } from '../../shell/components/page-header.tsx';
import { EmptyState, ErrorState, FormError, LoadingState } from '../../shell/components/states.tsx';
import {
  useAddFlashPattern,
  useAddFlashSlot,
  useCancelFlashSlot,
  useFlashAvailability,
  useRemoveFlashPattern,
  useSaveFlashSettings,
} from '../api/flash.api.ts';
import { FlashSessionsList } from './flash-sessions-list.tsx';

const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const durations = ['15', '30', '45', '60', '90'].map((value) => ({ value, label: `${value} minutes` }));

/** "Availability": a flash mentor's cap and zone, slots added by hand, weekly patterns, and booked sessions. */
export function FlashAvailabilityPage() {
  const { id = '' } = useParams();
  const availability = useFlashAvailability(id);
  if (availability.isPending) return <LoadingState label="Loading your availability…" />;
  if (availability.isError) {
    return <ErrorState error={availability.error} onRetry={() => availability.refetch()} />;
  }
  const data = availability.data;
  return (
    <>
      <PageBreadcrumbs links={[{ to: '/mentoring', label: 'Mentoring' }]} current={data.program.name} />
      <PageHeader
        title="Availability"
        documentTitle={`Availability · ${data.program.name}`}
        description={`When people of ${data.program.name} can book a flash session with you. Times are in ${data.timeZone}.`}
        actions={
          <Badge size="lg" radius="sm" variant="light" tt="none">
            {data.bookedThisMonth} of {data.monthlyCap} sessions booked this month
          </Badge>
        }
      />
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            <SettingsForm programId={id} data={data} />
            <AddSlotForm programId={id} data={data} />
            <PatternsCard programId={id} data={data} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            <SlotsCard programId={id} data={data} />
            <section aria-labelledby="booked-heading">
              <Title order={2} size="h4" id="booked-heading" mb="sm">
                Booked sessions
              </Title>
              <FlashSessionsList
                programId={id}
                when="upcoming"
                emptyText="Nobody has booked a session yet. Open slots appear to mentees right away."
              />
            </section>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

function SettingsForm({ programId, data }: { programId: string; data: FlashAvailability }) {
  const [cap, setCap] = useState<number | string>(data.monthlyCap);
  const [zone, setZone] = useState(data.timeZone);
  useEffect(() => {
    setCap(data.monthlyCap);
    setZone(data.timeZone);
  }, [data.monthlyCap, data.timeZone]);
  const zones = useMemo(() => timeZoneOptions(zone), [zone]);
  const save = useSaveFlashSettings(programId);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { monthlyCap: Number(cap), timeZone: zone },
      { onSuccess: () => notifications.show({ color: 'trellis', message: 'Your settings are saved.' }) },
    );
  };
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="settings-heading">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="settings-heading">
            Settings
          </Title>
          <FormError error={save.error} />
          <NumberInput
            label="Sessions a month, at most"
            description="Counted by calendar month in your time zone; once reached, nobody can book that month."
            min={1}
            max={100}
            value={cap}
            onChange={setCap}
            required
          />
          <Select
            label="Time zone"
            data={zones}
            value={zone}
            onChange={(value) => value && setZone(value)}
            searchable
            allowDeselect={false}
            required
          />
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              Save settings
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function AddSlotForm({ programId, data }: { programId: string; data: FlashAvailability }) {
  const [startsAt, setStartsAt] = useState('');
  const [duration, setDuration] = useState('30');
  const add = useAddFlashSlot(programId);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(
      { startsAt, durationMinutes: Number(duration) },
      {
        onSuccess: (slot) => {
          setStartsAt('');
          notifications.show({ color: 'trellis', message: `Slot added: ${slot.when}.` });
        },
      },
    );
  };
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="add-slot-heading">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="add-slot-heading">
            Add a slot
          </Title>
          <FormError error={add.error} />
          <TextInput
            type="datetime-local"
            label="Date and time"
            description={`In ${data.timeZone}`}
            value={startsAt}
            onChange={(event) => setStartsAt(event.currentTarget.value)}
            required
          />
          <Select
            label="Length"
            data={durations}
            value={duration}
            onChange={(value) => value && setDuration(value)}
            allowDeselect={false}
          />
          <Group justify="flex-end">
            <Button
              type="submit"
              loading={add.isPending}
              disabled={!startsAt}
              leftSection={<IconCalendarPlus size={16} aria-hidden="true" />}
            >
              Add slot
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function PatternsCard({ programId, data }: { programId: string; data: FlashAvailability }) {
  const [weekday, setWeekday] = useState('0');
  const [time, setTime] = useState('');
  const [duration, setDuration] = useState('30');
  const add = useAddFlashPattern(programId);
  const remove = useRemoveFlashPattern(programId);
  const [removing, setRemoving] = useState<string | null>(null);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(
      { weekday: Number(weekday), startTime: time, durationMinutes: Number(duration) },
      {
        onSuccess: () => {
          setTime('');
          notifications.show({ color: 'trellis', message: 'Weekly slot added for the next six weeks.' });
        },
      },
    );
  };
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="patterns-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="patterns-heading">
          Every week
        </Title>
        <Text size="sm" c="dimmed">
          A weekly slot opens every week for the next six weeks, and keeps opening as weeks pass.
        </Text>
        {data.patterns.length > 0 && (
          <Stack gap={4} component="ul" className="plain-list">
            {data.patterns.map((pattern) => (
              <Group key={pattern.id} component="li" justify="space-between" wrap="nowrap">
                <Text size="sm">
                  {weekdays[pattern.weekday]}s at {pattern.startTime}, {pattern.durationMinutes} minutes
                </Text>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  onClick={() => setRemoving(pattern.id)}
                  aria-label={`Stop the weekly slot on ${weekdays[pattern.weekday]}s at ${pattern.startTime}`}
                >
                  <IconTrash size={16} aria-hidden="true" />
                </ActionIcon>
              </Group>
            ))}
          </Stack>
        )}
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="sm">
            <FormError error={add.error} />
            <Group grow align="flex-start">
              <Select
                label="Day"
                data={weekdays.map((label, index) => ({ value: String(index), label }))}
                value={weekday}
                onChange={(value) => value && setWeekday(value)}
                allowDeselect={false}
              />
              <TextInput
                type="time"
                label="Start time"
                value={time}
                onChange={(event) => setTime(event.currentTarget.value)}
                required
              />
            </Group>
            <Select
              label="Length of each"
              data={durations}
              value={duration}
              onChange={(value) => value && setDuration(value)}
              allowDeselect={false}
            />
            <Group justify="flex-end">
              <Button
                type="submit"
                variant="light"
                loading={add.isPending}
                disabled={!time}
                leftSection={<IconRepeat size={16} aria-hidden="true" />}
              >
                Add weekly slot
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
      <ConfirmModal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title="Stop this weekly slot?"
        confirmLabel="Stop it"
        confirmColor="red"
        pending={remove.isPending}
        onConfirm={() =>
          removing &&
          remove.mutate(removing, {
            onSuccess: () => setRemoving(null),
            onError: (error) => {
              setRemoving(null);
              notifications.show({ color: 'red', title: 'Not stopped', message: errorMessage(error) });
            },
          })
        }
      >
        <Text size="sm">Its open slots are removed. Sessions already booked stay as they are.</Text>
      </ConfirmModal>
    </Paper>
  );
}

function SlotsCard({ programId, data }: { programId: string; data: FlashAvailability }) {
  const cancel = useCancelFlashSlot(programId);
  const [cancelling, setCancelling] = useState<FlashSlot | null>(null);
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="slots-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="slots-heading">
          Upcoming slots
        </Title>
        {data.slots.length === 0 ? (
          <EmptyState
            order={3}
            icon={<IconCalendarPlus size={30} />}
            title="No slot yet"
            description="Add a slot or a weekly slot: mentees of the program can book it straight away."
          />
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table verticalSpacing="xs" data-testid="flash-slots">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.slots.map((slot) => (
                  <Table.Tr key={slot.id}>
                    <Table.Td>
                      <Text size="sm">{slot.when}</Text>
                      <Text size="xs" c="dimmed">
                        {slot.durationMinutes} minutes{slot.patternId ? ' · weekly' : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {slot.booking ? (
                        <Stack gap={0}>
                          <Badge variant="light" color="trellis" tt="none">
                            Booked by {slot.booking.name}
                          </Badge>
                          <Text size="xs" c="dimmed" lineClamp={1} title={slot.booking.agenda}>
                            {slot.booking.topic}
                          </Text>
                        </Stack>
                      ) : (
                        <Badge variant="light" color="gray" tt="none">
                          Open
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">
                      {slot.status === 'open' && (
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          onClick={() => setCancelling(slot)}
                          aria-label={`Cancel the slot on ${slot.when}`}
                        >
                          Cancel
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <ConfirmModal
        opened={cancelling !== null}
        onClose={() => setCancelling(null)}
        title="Cancel this slot?"
        confirmLabel="Cancel the slot"
        cancelLabel="Keep it"
        confirmColor="red"
        pending={cancel.isPending}
        onConfirm={() =>
          cancelling &&
          cancel.mutate(cancelling.id, {
            onSuccess: () => setCancelling(null),
            onError: (error) => {
              setCancelling(null);
              notifications.show({ color: 'red', title: 'Not cancelled', message: errorMessage(error) });
            },
          })
        }
      >
        <Text size="sm">{cancelling ? `Nobody will be able to book ${cancelling.when}.` : ''}</Text>
      </ConfirmModal>
    </Paper>
  );
}
