import '../../programs/components/programs.css';
import {
  Avatar,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBolt, IconCalendarEvent, IconUserSearch } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useParams } from 'react-router';
import type { FlashMentorCard, FlashOpenSlot } from '../../../../src/contracts/flash.contracts.ts';
import { FormActions } from '../../../components/form-actions.tsx';
import { LabelledPagination } from '../../../components/labelled-pagination.tsx';
import { SearchInput } from '../../../components/search-input.tsx';
import { initials, plural } from '../../../lib/format.ts';
import { useProgram, useSkills } from '../../programs/api/programs.api.ts';
import { PageBreadcrumbs } from '../../shell/components/page-breadcrumbs.tsx';
import { PageHeader } from '../../shell/components/page-header.tsx';
import {
  EmptyState,
  ErrorState,
  FormError,
  ListState,
  LoadingState,
} from '../../shell/components/states.tsx';
import { useBookFlashSlot, useFlashMentors } from '../api/flash.api.ts';
import { FlashSessionsList } from './flash-sessions-list.tsx';

/** "Book a flash session": mentors by skill, their open slots in the viewer's zone, and a booking with an agenda. */
export function BookFlashPage() {
  const { id = '' } = useParams();
  const program = useProgram(id);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [skill, setSkill] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const skills = useSkills();
  const mentors = useFlashMentors(id, { q: q || undefined, skill: skill ?? undefined, page, pageSize: 12 });
  const [booking, setBooking] = useState<{ mentor: FlashMentorCard; slot: FlashOpenSlot } | null>(null);

  if (program.isPending) return <LoadingState />;
  if (program.isError) return <ErrorState error={program.error} onRetry={() => program.refetch()} />;

  return (
    <>
      <PageBreadcrumbs links={[{ to: '/mentoring', label: 'Mentoring' }]} current={program.data.name} />
      <PageHeader
        title="Book a flash session"
        documentTitle={`Book a flash session · ${program.data.name}`}
        description="One focused conversation with a mentor, no long-term commitment. Pick a mentor by skill, choose a time and say what you want from the conversation."
      />
      <Stack gap="xl">
        <section aria-labelledby="my-sessions-heading">
          <Title order={2} size="h4" id="my-sessions-heading" mb="sm">
            My upcoming sessions
          </Title>
          <FlashSessionsList
            programId={id}
            when="upcoming"
            emptyText="No session booked yet: pick a time below."
          />
        </section>
        <section aria-labelledby="mentors-heading">
          <Title order={2} size="h4" id="mentors-heading" mb="sm">
            Mentors
          </Title>
          <Paper withBorder p="md" mb="md">
            <Group gap="sm" align="flex-end">
              <SearchInput
                label="Search mentors"
                placeholder="Name, title or skill"
                value={search}
                onSearch={(value) => {
                  setSearch(value);
                  setPage(1);
                }}
                style={{ flex: '1 1 260px' }}
              />
              <Select
                label="Skill"
                placeholder="Any skill"
                data={(skills.data ?? []).map((item) => item.name)}
                value={skill}
                onChange={(value) => {
                  setSkill(value);
                  setPage(1);
                }}
                searchable
                clearable
                w={220}
              />
            </Group>
          </Paper>
          <ListState
            query={mentors}
            loading={
              <SimpleGrid cols={{ base: 1, md: 2, lg: 3 }}>
                {[0, 1, 2].map((key) => (
                  <Skeleton key={key} height={220} radius="lg" />
                ))}
              </SimpleGrid>
            }
            empty={
              <EmptyState
                icon={<IconUserSearch size={30} />}
                title="No mentor matches"
                description="Try a shorter search or another skill."
              />
            }
          >
            {(loaded) => (
              <>
                <Text size="sm" c="dimmed" mb="xs" role="status" aria-live="polite">
                  {plural(loaded.total, 'mentor')} · times shown in {loaded.timeZone}
                </Text>
                <SimpleGrid
                  cols={{ base: 1, md: 2, lg: 3 }}
                  spacing="md"
                  component="ul"
                  className="plain-list"
                >
                  {loaded.items.map((mentor) => (
                    <li key={mentor.enrolmentId}>
                      <FlashMentorView mentor={mentor} onPick={(slot) => setBooking({ mentor, slot })} />
                    </li>
                  ))}
                </SimpleGrid>
                {loaded.total > loaded.pageSize && (
                  <Group justify="center" mt="md">
                    <LabelledPagination
                      size="sm"
                      total={Math.ceil(loaded.total / loaded.pageSize)}
                      value={page}
                      onChange={setPage}
                    />
                  </Group>
                )}
              </>
            )}
          </ListState>
        </section>
      </Stack>
      {booking && (
        <BookModal
          programId={id}
          mentor={booking.mentor}
          slot={booking.slot}
          defaultTopic={skill}
          onClose={() => setBooking(null)}
        />
      )}
    </>
  );
}

function slotLabel(slot: FlashOpenSlot): string {
  const day = new Date(`${slot.localDate}T12:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  return `${day}, ${slot.localTime}`;
}

function FlashMentorView({
  mentor,
  onPick,
}: {
  mentor: FlashMentorCard;
  onPick: (slot: FlashOpenSlot) => void;
}) {
  return (
    <Paper withBorder p="lg" h="100%" data-testid="flash-mentor-card">
      <Stack gap="sm" h="100%">
        <Group gap="sm" wrap="nowrap">
          <Avatar color="trellis" radius="xl" size={44} aria-hidden="true">
            {initials(mentor.name)}
          </Avatar>
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Title order={3} size="h5">
              {mentor.name}
            </Title>
            <Text
              size="xs"
              c="dimmed"
              lineClamp={2}
              title={[mentor.title, mentor.department].filter(Boolean).join(' · ')}
            >
              {[mentor.title, mentor.department].filter(Boolean).join(' · ')}
            </Text>
          </Stack>
        </Group>
        {mentor.skillsOffered.length > 0 && (
          <Group gap={4}>
            {mentor.skillsOffered.slice(0, 6).map((skill) => (
              <Badge key={skill} variant="light" color="gray" radius="sm" tt="none" fw={500}>
                {skill}
              </Badge>
            ))}
          </Group>
        )}
        <Stack gap={6} mt="auto">
          <Text size="xs" fw={700} tt="uppercase" c="dimmed" style={{ letterSpacing: '0.04em' }}>
            {mentor.openSlots > 0 ? `Open times (${mentor.openSlots})` : 'No open time'}
          </Text>
          {mentor.nextSlots.length === 0 ? (
            <Text size="sm" c="dimmed">
              {mentor.name} has no free slot at the moment. Check again later.
            </Text>
          ) : (
            <Group gap={6}>
              {mentor.nextSlots.map((slot) => (
                <Button
                  key={slot.id}
                  size="compact-sm"
                  variant="light"
                  onClick={() => onPick(slot)}
                  title={`${slot.when}, ${slot.durationMinutes} minutes`}
                >
                  <span className="visually-hidden">{`Book ${mentor.name} on `}</span>
                  {slotLabel(slot)}
                </Button>
              ))}
            </Group>
          )}
        </Stack>
      </Stack>
    </Paper>
  );
}

function BookModal({
  programId,
  mentor,
  slot,
  defaultTopic,
  onClose,
}: {
  programId: string;
  mentor: FlashMentorCard;
  slot: FlashOpenSlot;
  defaultTopic: string | null;
  onClose: () => void;
}) {
  const [topic, setTopic] = useState(
    defaultTopic && mentor.skillsOffered.some((s) => s.toLowerCase() === defaultTopic.toLowerCase())
      ? defaultTopic
      : (mentor.skillsOffered[0] ?? ''),
  );
  const [agenda, setAgenda] = useState('');
  const book = useBookFlashSlot(programId);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    book.mutate(
      { slotId: slot.id, topic: topic.trim(), agenda: agenda.trim() },
      {
        onSuccess: (session) => {
          notifications.show({
            color: 'trellis',
            title: 'Session booked',
            message: `${mentor.name} has the invitation. ${session.when}.`,
          });
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={`Book a session with ${mentor.name}`} size="lg" centered>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <Group gap="xs">
            <IconCalendarEvent size={18} aria-hidden="true" />
            <Text size="sm" fw={600}>
              {slot.when} · {slot.durationMinutes} minutes
            </Text>
          </Group>
          <FormError error={book.error} />
          {mentor.skillsOffered.length > 0 ? (
            <Select
              label="Topic"
              description="What the conversation is about"
              data={mentor.skillsOffered}
              value={topic || null}
              onChange={(value) => setTopic(value ?? '')}
              required
              allowDeselect={false}
            />
          ) : (
            <TextInput
              label="Topic"
              description="What the conversation is about"
              required
              maxLength={100}
              value={topic}
              onChange={(event) => setTopic(event.currentTarget.value)}
            />
          )}
          <Textarea
            label="What I want from this conversation"
            description={`${mentor.name} reads this before you meet; it becomes the meeting’s agenda.`}
            required
            autosize
            minRows={4}
            maxLength={2000}
            value={agenda}
            onChange={(event) => setAgenda(event.currentTarget.value)}
            data-autofocus
          />
          <FormActions
            onCancel={onClose}
            submitLabel="Book the session"
            pending={book.isPending}
            disabled={!agenda.trim() || !topic.trim()}
            leftSection={<IconBolt size={16} aria-hidden="true" />}
          />
        </Stack>
      </form>
    </Modal>
  );
}
