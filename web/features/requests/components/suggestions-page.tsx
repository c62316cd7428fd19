import '../../programs/components/programs.css';
import {
  Alert,
  Avatar,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  RingProgress,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconHeartHandshake, IconSend, IconSparkles, IconUserSearch } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { MentorCard } from '../../../../src/contracts/requests.contracts.ts';
import { FormActions } from '../../../components/form-actions.tsx';
import { LabelledPagination } from '../../../components/labelled-pagination.tsx';
import { SearchInput } from '../../../components/search-input.tsx';
import { initials, plural } from '../../../lib/format.ts';
import { useProgram, useSkills } from '../../programs/api/programs.api.ts';
import { useMyRelationships } from '../../relationships/api/relationships.api.ts';
import { PageBreadcrumbs } from '../../shell/components/page-breadcrumbs.tsx';
import { PageHeader } from '../../shell/components/page-header.tsx';
import {
  EmptyState,
  ErrorState,
  FormError,
  ListState,
  LoadingState,
} from '../../shell/components/states.tsx';
import { useCreateRequest, useMentors, useSuggestions } from '../api/requests.api.ts';
import { WhyList } from './why-list.tsx';

export function SuggestionsPage() {
  const { id = '' } = useParams();
  const program = useProgram(id);
  const suggestions = useSuggestions(id);
  const [requesting, setRequesting] = useState<MentorCard | null>(null);
  const requestsLeft = suggestions.data?.requestsLeft ?? 0;
  const relationships = useMyRelationships('current');
  const myMentor = relationships.data?.items.find(
    (item) => item.program.id === id && item.myRole === 'mentee' && item.status === 'active',
  );

  if (program.isPending) return <LoadingState />;
  if (program.isError) return <ErrorState error={program.error} onRetry={() => program.refetch()} />;

  return (
    <>
      <PageBreadcrumbs links={[{ to: '/mentoring', label: 'Mentoring' }]} current={program.data.name} />
      <PageHeader
        title="Find a mentor"
        documentTitle={`Find a mentor · ${program.data.name}`}
        description={`Mentors of ${program.data.name} ranked for your goals and skills. Send a short note; the mentor accepts or declines.`}
        actions={
          suggestions.data && (
            <Badge
              size="lg"
              radius="sm"
              variant="light"
              color={requestsLeft > 0 ? 'trellis' : 'orange'}
              tt="none"
            >
              {requestsLeft > 0
                ? `You can send ${plural(requestsLeft, 'more request')}`
                : 'No requests left until one is answered'}
            </Badge>
          )
        }
      />
      <Stack gap="xl">
        {myMentor && (
          <Alert
            variant="light"
            color="trellis"
            icon={<IconHeartHandshake aria-hidden="true" />}
            title="You have a mentor"
          >
            <Group justify="space-between" gap="sm">
              <Text size="sm">
                {myMentor.partner.name} is your mentor in {program.data.name}. You can still look around.
              </Text>
              <Button component={Link} to="/mentoring/relationships" size="xs" variant="white">
                My mentoring
              </Button>
            </Group>
          </Alert>
        )}
        <section aria-labelledby="suggested-heading">
          <Group gap="xs" mb="sm">
            <IconSparkles size={20} aria-hidden="true" color="var(--mantine-color-trellis-7)" />
            <Title order={2} size="h4" id="suggested-heading">
              Suggested for you
            </Title>
          </Group>
          <ListState
            query={suggestions}
            loading={
              <SimpleGrid cols={{ base: 1, md: 2, lg: 3 }}>
                {[0, 1, 2].map((key) => (
                  <Skeleton key={key} height={260} radius="lg" />
                ))}
              </SimpleGrid>
            }
            isEmpty={(loaded) => loaded.items.length === 0}
            empty={
              <EmptyState
                icon={<IconUserSearch size={30} />}
                title="No suggestion yet"
                description="No mentor with a free place fits the program’s rules for you. Complete your profile or browse all mentors below."
              />
            }
          >
            {(loaded) => (
              <SimpleGrid cols={{ base: 1, md: 2, lg: 3 }} spacing="md" component="ol" className="plain-list">
                {loaded.items.map((mentor, index) => (
                  <li key={mentor.enrolmentId}>
                    <MentorCardView
                      mentor={mentor}
                      rank={index + 1}
                      canRequest={requestsLeft > 0}
                      onRequest={() => setRequesting(mentor)}
                    />
                  </li>
                ))}
              </SimpleGrid>
            )}
          </ListState>
        </section>
        <BrowseMentors programId={id} canRequest={requestsLeft > 0} onRequest={setRequesting} />
      </Stack>
      {requesting && <RequestModal programId={id} mentor={requesting} onClose={() => setRequesting(null)} />}
    </>
  );
}

function ScoreRing({ score }: { score: number }) {
  return (
    <RingProgress
      size={64}
      thickness={6}
      roundCaps
      sections={[{ value: score, color: score >= 70 ? 'trellis.6' : score >= 45 ? 'yellow.6' : 'orange.6' }]}
      label={
        <Text ta="center" fw={750} size="sm" className="stat-value">
          {Math.round(score)}
        </Text>
      }
      aria-label={`Match score ${Math.round(score)} out of 100`}
      role="img"
    />
  );
}

function MentorCardView({
  mentor,
  rank,
  canRequest,
  onRequest,
}: {
  mentor: MentorCard;
  rank?: number;
  canRequest: boolean;
  onRequest: () => void;
}) {
  return (
    <Paper withBorder p="lg" h="100%" data-testid="mentor-card">
      <Stack gap="sm" h="100%">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Avatar color="trellis" radius="xl" size={44} aria-hidden="true">
              {initials(mentor.name)}
            </Avatar>
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Title order={3} size="h5">
                {rank ? <span className="visually-hidden">{`Suggestion ${rank}: `}</span> : null}
                {mentor.name}
              </Title>
              <Text size="xs" c="dimmed" lineClamp={2}>
                {[mentor.title, mentor.department].filter(Boolean).join(' · ')}
              </Text>
            </Stack>
          </Group>
          <ScoreRing score={mentor.score} />
        </Group>
        {mentor.skillsOffered.length > 0 && (
          <Group gap={4}>
            {mentor.skillsOffered.slice(0, 5).map((skill) => (
              <Badge key={skill} variant="light" color="gray" radius="sm" tt="none" fw={500}>
                {skill}
              </Badge>
            ))}
          </Group>
        )}
        <Stack gap={4}>
          <Text size="xs" fw={700} tt="uppercase" c="dimmed" style={{ letterSpacing: '0.04em' }}>
            Why this mentor
          </Text>
          <WhyList explanation={mentor.explanation} limit={3} />
        </Stack>
        <Group justify="space-between" mt="auto" pt="xs">
          <Text size="xs" c={mentor.hasSpareCapacity ? 'dimmed' : 'var(--mantine-color-orange-text)'}>
            {mentor.hasSpareCapacity
              ? `${mentor.capacity - mentor.currentMentees} of ${plural(mentor.capacity, 'place')} free`
              : 'No place free'}
          </Text>
          {mentor.requested ? (
            <Badge
              variant="light"
              color="trellis"
              leftSection={<IconCheck size={12} aria-hidden="true" />}
              tt="none"
            >
              Requested
            </Badge>
          ) : (
            <Button
              size="xs"
              leftSection={<IconSend size={14} aria-hidden="true" />}
              disabled={!canRequest || !mentor.hasSpareCapacity}
              onClick={onRequest}
              aria-label={`Request ${mentor.name} as mentor`}
            >
              Request
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function BrowseMentors({
  programId,
  canRequest,
  onRequest,
}: {
  programId: string;
  canRequest: boolean;
  onRequest: (mentor: MentorCard) => void;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [skill, setSkill] = useState<string | null>(null);
  const [spare, setSpare] = useState(true);
  const [page, setPage] = useState(1);
  const skills = useSkills();
  const mentors = useMentors(programId, {
    q: q || undefined,
    skill: skill ?? undefined,
    spareCapacity: spare ? 'true' : undefined,
    page,
    pageSize: 12,
  });
  return (
    <section aria-labelledby="browse-heading">
      <Title order={2} size="h4" id="browse-heading" mb="sm">
        Browse all mentors
      </Title>
      <Paper withBorder p="md" mb="md">
        <Group gap="sm" align="flex-end">
          <SearchInput
            label="Search mentors"
            placeholder="Name, title, skill or goal"
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
          <Switch
            label="Only mentors with a free place"
            checked={spare}
            onChange={(event) => {
              setSpare(event.currentTarget.checked);
              setPage(1);
            }}
            mb={8}
          />
        </Group>
      </Paper>
      <ListState
        query={mentors}
        loading={<LoadingState label="Loading mentors…" />}
        empty={
          <EmptyState
            icon={<IconUserSearch size={30} />}
            title="No mentor matches"
            description="Try a shorter search, another skill, or include mentors without a free place."
          />
        }
      >
        {(loaded) => (
          <>
            <Text size="sm" c="dimmed" mb="xs" role="status" aria-live="polite">
              {plural(loaded.total, 'mentor')}
            </Text>
            <SimpleGrid cols={{ base: 1, md: 2, lg: 3 }} spacing="md" component="ul" className="plain-list">
              {loaded.items.map((mentor) => (
                <li key={mentor.enrolmentId}>
                  <MentorCardView
                    mentor={mentor}
                    canRequest={canRequest}
                    onRequest={() => onRequest(mentor)}
                  />
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
  );
}

function RequestModal({
  programId,
  mentor,
  onClose,
}: {
  programId: string;
  mentor: MentorCard;
  onClose: () => void;
}) {
  const [message, setMessage] = useState('');
  const create = useCreateRequest(programId);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { mentorEnrolmentId: mentor.enrolmentId, message: message.trim() },
      {
        onSuccess: () => {
          notifications.show({
            color: 'trellis',
            title: 'Request sent',
            message: `${mentor.name} will be notified. You will hear back here and by email.`,
          });
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={`Ask ${mentor.name} to mentor you`} size="lg" centered>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <FormError error={create.error} />
          <Textarea
            label="Your message"
            description="Say what you hope to work on and why you chose them — mentors decide on this."
            required
            autosize
            minRows={4}
            maxLength={2000}
            value={message}
            onChange={(event) => setMessage(event.currentTarget.value)}
            data-autofocus
          />
          <FormActions
            onCancel={onClose}
            submitLabel="Send request"
            pending={create.isPending}
            disabled={!message.trim()}
            leftSection={<IconSend size={16} aria-hidden="true" />}
          />
        </Stack>
      </form>
    </Modal>
  );
}
