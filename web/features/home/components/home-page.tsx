import './home.css';
import {
  Anchor,
  Avatar,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowRight,
  IconCalendarEvent,
  IconCircleCheck,
  IconClipboardHeart,
  IconCompass,
  IconFlag,
  IconHeartHandshake,
  IconListCheck,
  IconMessageQuestion,
  IconRepeat,
  IconRocket,
  IconSignature,
  IconStar,
  IconTargetArrow,
  IconUserCheck,
  IconUserQuestion,
} from '@tabler/icons-react';
import { type ComponentType, type ReactNode, Suspense } from 'react';
import { Link } from 'react-router';
import type {
  Home,
  HomeRelationship,
  JoinableProgram,
  ProgramNeedKind,
  StaffProgram,
  WaitingItem,
  WaitingItemKind,
} from '../../../../src/contracts/home.contracts.ts';
import { formatDate, initials, plural } from '../../../lib/format.ts';
import { lazyPage } from '../../../lib/lazy-page.ts';
import { JoinProgramCard } from '../../enrolment/components/join-program-card.tsx';
import { ProgramStatusBadge } from '../../programs/components/program-badges.tsx';
import { useMe } from '../../session/api/session.api.ts';
import { PageHeader } from '../../shell/components/page-header.tsx';
import { EmptyState, ListState, LoadingState } from '../../shell/components/states.tsx';
import { useHome } from '../api/home.api.ts';

// The organisation overview's charts (recharts) load only for the admins who see them (decision 035).
const OrganisationOverview = lazyPage(
  () => import('../../analytics/components/organisation-overview.tsx'),
  'OrganisationOverview',
);

type Icon = ComponentType<{ size?: number; stroke?: number }>;

const waitingLook: Record<WaitingItemKind, { label: string; icon: Icon; color: string }> = {
  request_to_answer: { label: 'Mentoring request', icon: IconUserQuestion, color: 'blue' },
  question_to_answer: { label: 'Question from a mentor', icon: IconMessageQuestion, color: 'blue' },
  agreement_to_sign: { label: 'Agreement', icon: IconSignature, color: 'trellis' },
  check_in_due: { label: 'Check-in', icon: IconClipboardHeart, color: 'grape' },
  closing_survey_due: { label: 'Closing survey', icon: IconFlag, color: 'grape' },
  meeting_to_rate: { label: 'Meeting rating', icon: IconStar, color: 'yellow' },
  action_item_overdue: { label: 'Action item', icon: IconListCheck, color: 'orange' },
};

const needLook: Record<ProgramNeedKind, { icon: Icon; color: string }> = {
  escalations: { icon: IconAlertTriangle, color: 'red' },
  requests_waiting: { icon: IconMessageQuestion, color: 'blue' },
  rematch_requests: { icon: IconRepeat, color: 'orange' },
  runs_to_publish: { icon: IconRocket, color: 'trellis' },
  enrolments_to_approve: { icon: IconUserCheck, color: 'grape' },
};

function greeting(now: Date): string {
  const hour = now.getHours();
  return hour < 5
    ? 'Good evening'
    : hour < 12
      ? 'Good morning'
      : hour < 18
        ? 'Good afternoon'
        : 'Good evening';
}

const shortDay = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

/** A plain date next to today: "today", "tomorrow", "Mon, Dec 7" this year, else with the year. */
function dayText(date: string, today: string): string {
  if (date === today) return 'today';
  const tomorrow = new Date(`${today}T12:00:00Z`);
  tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
  if (date === tomorrow.toISOString().slice(0, 10)) return 'tomorrow';
  if (date.slice(0, 4) !== today.slice(0, 4)) return formatDate(date);
  return shortDay.format(new Date(`${date}T12:00:00Z`));
}

function DueBadge({ item, today }: { item: WaitingItem; today: string }) {
  if (!item.dueOn) return null;
  return (
    <Badge
      variant={item.overdue ? 'filled' : 'light'}
      color={item.overdue ? 'red' : item.dueOn === today ? 'orange' : 'gray'}
      radius="sm"
      tt="none"
      style={{ flex: 'none' }}
    >
      {item.overdue ? `Overdue since ${dayText(item.dueOn, today)}` : `Due ${dayText(item.dueOn, today)}`}
    </Badge>
  );
}

/** Where a signed-in person starts: what waits for them, their mentoring, their programs and what they can join. */
export function HomePage() {
  const me = useMe().data;
  const home = useHome();
  const firstName = me?.name.split(' ')[0] ?? '';
  const data = home.data;
  const overdue = data?.waiting.items.filter((item) => item.overdue).length ?? 0;
  const summary = !data
    ? 'Gathering what needs you…'
    : data.waiting.total === 0
      ? 'You are all caught up.'
      : `${plural(data.waiting.total, 'thing is', 'things are')} waiting for you${overdue > 0 ? `, ${overdue} overdue` : ''}.`;
  const dateLine = new Intl.DateTimeFormat(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  }).format(new Date());

  return (
    <>
      <PageHeader
        title={`${greeting(new Date())}${firstName ? `, ${firstName}` : ''}`}
        documentTitle="Home"
        description={
          <>
            <span className="home-date">{dateLine}</span> · <span role="status">{summary}</span>
          </>
        }
      />
      <Stack gap={40}>
        <Grid gutter="xl" align="flex-start">
          <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
            <WaitingSection home={home} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
            <MentoringSection home={home} />
          </Grid.Col>
        </Grid>
        {me?.role === 'admin' && (
          <Suspense fallback={<LoadingState label="Loading the organisation overview…" />}>
            <OrganisationOverview />
          </Suspense>
        )}
        {data?.staff && <StaffSection staff={data.staff} isAdmin={me?.role === 'admin'} />}
        {me?.personId && data && <JoinSection programs={data.joinablePrograms} />}
      </Stack>
    </>
  );
}

type HomeQuery = ReturnType<typeof useHome>;

function SectionHeading({ id, title, aside }: { id: string; title: string; aside?: ReactNode }) {
  return (
    <Group justify="space-between" align="baseline" mb="sm" gap="xs">
      <Title order={2} size="h4" id={id}>
        {title}
      </Title>
      {aside}
    </Group>
  );
}

// ── Waiting for you ─────────────────────────────────────────────────────────────────────────────────────────────

function WaitingSection({ home }: { home: HomeQuery }) {
  const total = home.data?.waiting.total ?? 0;
  return (
    <section aria-labelledby="waiting-heading">
      <SectionHeading
        id="waiting-heading"
        title="Waiting for you"
        aside={
          total > 0 ? (
            <Badge color="trellis" variant="light" size="lg" radius="sm">
              {plural(total, 'item')}
            </Badge>
          ) : undefined
        }
      />
      <ListState
        query={home}
        isEmpty={(data: Home) => data.waiting.total === 0}
        loading={<WaitingSkeleton />}
        empty={
          <EmptyState
            order={3}
            icon={<IconCircleCheck size={30} />}
            title="Nothing is waiting for you"
            description="When someone needs you — a mentoring request to answer, an agreement to sign, a meeting to rate — it shows up here."
          />
        }
        errorTitle="Your home could not be loaded"
      >
        {(data: Home) => (
          <Paper withBorder>
            <ul className="plain-list home-waiting" aria-labelledby="waiting-heading">
              {data.waiting.items.map((item) => (
                <WaitingRow key={item.id} item={item} today={data.today} />
              ))}
            </ul>
            {data.waiting.total > data.waiting.items.length && (
              <Text size="sm" c="dimmed" px="lg" py="sm" className="home-waiting-more">
                {`The ${data.waiting.items.length} most pressing of ${data.waiting.total} are shown. `}
                <Anchor component={Link} to="/mentoring/relationships" size="sm">
                  Open your relationships
                </Anchor>{' '}
                for the rest.
              </Text>
            )}
          </Paper>
        )}
      </ListState>
    </section>
  );
}

function WaitingRow({ item, today }: { item: WaitingItem; today: string }) {
  const look = waitingLook[item.kind];
  const Icon = look.icon;
  return (
    <li className="home-waiting-row" data-testid="waiting-item">
      <Group wrap="nowrap" align="flex-start" gap="md">
        <ThemeIcon variant="light" color={look.color} radius="xl" size={38} aria-hidden="true">
          <Icon size={20} stroke={1.8} />
        </ThemeIcon>
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Anchor component={Link} to={item.link} className="home-waiting-link" fw={600} c="dark.8">
            {item.title}
          </Anchor>
          <Text size="sm" c="dimmed">
            {item.why}
          </Text>
          <Text size="xs" c="dimmed">
            <Text span size="xs" fw={600} tt="uppercase" lts={0.4}>
              {look.label}
            </Text>
            {` · ${item.program.name}`}
          </Text>
          {item.dueOn && (
            <Group hiddenFrom="sm" mt={2}>
              <DueBadge item={item} today={today} />
            </Group>
          )}
        </Stack>
        {item.dueOn && (
          <Group visibleFrom="sm">
            <DueBadge item={item} today={today} />
          </Group>
        )}
      </Group>
    </li>
  );
}

function WaitingSkeleton() {
  return (
    <Paper withBorder p="lg">
      <Stack gap="lg" aria-hidden="true">
        {[0, 1, 2].map((row) => (
          <Group key={row} wrap="nowrap" gap="md">
            <Skeleton circle height={38} />
            <Stack gap={6} style={{ flex: 1 }}>
              <Skeleton height={14} width="55%" />
              <Skeleton height={10} width="85%" />
            </Stack>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

// ── Your mentoring ──────────────────────────────────────────────────────────────────────────────────────────────

function MentoringSection({ home }: { home: HomeQuery }) {
  return (
    <section aria-labelledby="mentoring-heading">
      <SectionHeading
        id="mentoring-heading"
        title="Your mentoring"
        aside={
          <Anchor component={Link} to="/mentoring/relationships" size="sm">
            All relationships
          </Anchor>
        }
      />
      <ListState
        query={home}
        isEmpty={(data: Home) => data.relationships.length === 0}
        loading={<Skeleton height={180} radius="lg" />}
        empty={
          <Paper withBorder p="lg" bg="gray.0" className="home-dashed">
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <ThemeIcon variant="light" radius="xl" size={38} aria-hidden="true">
                <IconHeartHandshake size={20} />
              </ThemeIcon>
              <Stack gap={4}>
                <Text fw={600}>No mentor or mentee yet</Text>
                <Text size="sm" c="dimmed">
                  When you are matched in a program, or a mentor accepts your request, they appear here.
                </Text>
                <Anchor component={Link} to="/mentoring" size="sm">
                  See your programs
                </Anchor>
              </Stack>
            </Group>
          </Paper>
        }
      >
        {(data: Home) => (
          <Stack gap="md" component="ul" className="plain-list">
            {data.relationships.map((relationship) => (
              <li key={relationship.id}>
                <MentoringCard relationship={relationship} />
              </li>
            ))}
          </Stack>
        )}
      </ListState>
    </section>
  );
}

function MentoringCard({ relationship }: { relationship: HomeRelationship }) {
  const { partner, nextMeeting, group } = relationship;
  if (group) return <GroupMentoringCard relationship={relationship} group={group} />;
  return (
    <Paper withBorder p="lg" data-testid="home-relationship">
      <Group gap="sm" wrap="nowrap">
        <Avatar color="trellis" radius="xl" size={44} aria-hidden="true">
          {initials(partner.name)}
        </Avatar>
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Title order={3} size="h5">
            {partner.name}
          </Title>
          <Text size="xs" c="dimmed" truncate>
            {relationship.myRole === 'mentee' ? 'Your mentor' : 'Your mentee'}
            {partner.title ? ` · ${partner.title}` : ''}
          </Text>
        </Stack>
      </Group>
      <Text size="xs" c="dimmed" mt={6}>
        {relationship.program.name}
        {relationship.startedAt ? ` · since ${formatDate(relationship.startedAt)}` : ''}
      </Text>
      <div className="home-next-meeting">
        <Group gap={8} wrap="nowrap" align="flex-start">
          <IconCalendarEvent size={18} aria-hidden="true" className="home-next-meeting-icon" />
          {nextMeeting ? (
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="xs" c="dimmed" fw={600} tt="uppercase" lts={0.4}>
                Next meeting
              </Text>
              <Text size="sm" fw={600}>
                {nextMeeting.when}
              </Text>
              <Text size="sm" c="dimmed" truncate title={nextMeeting.title}>
                {nextMeeting.title} · {nextMeeting.durationMinutes} min
              </Text>
            </Stack>
          ) : (
            <Stack gap={0}>
              <Text size="sm">No meeting planned yet.</Text>
              <Anchor component={Link} to={`${relationship.link}/meetings`} size="sm">
                Schedule one
              </Anchor>
            </Stack>
          )}
        </Group>
      </div>
      <Button
        component={Link}
        to={relationship.link}
        variant="light"
        fullWidth
        mt="md"
        rightSection={<IconArrowRight size={16} aria-hidden="true" />}
        aria-label={`Open workspace with ${partner.name}`}
      >
        Open workspace
      </Button>
    </Paper>
  );
}

/** A mentoring group: one entry however many members, linking to the group's page. */
function GroupMentoringCard({
  relationship,
  group,
}: {
  relationship: HomeRelationship;
  group: NonNullable<HomeRelationship['group']>;
}) {
  const { partner, nextMeeting } = relationship;
  return (
    <Paper withBorder p="lg" data-testid="home-relationship">
      <Group gap="sm" wrap="nowrap">
        <Avatar color="trellis" radius="xl" size={44} aria-hidden="true">
          {initials(group.name)}
        </Avatar>
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Title order={3} size="h5">
            {group.name}
          </Title>
          <Text size="xs" c="dimmed" truncate>
            {relationship.myRole === 'mentee'
              ? `Your group · mentor ${partner.name}`
              : 'The group you mentor'}
          </Text>
        </Stack>
      </Group>
      <Text size="xs" c="dimmed" mt={6}>
        {relationship.program.name}
        {relationship.startedAt ? ` · since ${formatDate(relationship.startedAt)}` : ''}
      </Text>
      <div className="home-next-meeting">
        <Group gap={8} wrap="nowrap" align="flex-start">
          <IconCalendarEvent size={18} aria-hidden="true" className="home-next-meeting-icon" />
          {nextMeeting ? (
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="xs" c="dimmed" fw={600} tt="uppercase" lts={0.4}>
                Next meeting
              </Text>
              <Text size="sm" fw={600}>
                {nextMeeting.when}
              </Text>
              <Text size="sm" c="dimmed" truncate title={nextMeeting.title}>
                {nextMeeting.title} · {nextMeeting.durationMinutes} min
              </Text>
            </Stack>
          ) : (
            <Text size="sm">No group meeting planned yet.</Text>
          )}
        </Group>
      </div>
      <Button
        component={Link}
        to={relationship.link}
        variant="light"
        fullWidth
        mt="md"
        rightSection={<IconArrowRight size={16} aria-hidden="true" />}
        aria-label={`Open group ${group.name}`}
      >
        Open group
      </Button>
    </Paper>
  );
}

// ── Your programs (staff) ───────────────────────────────────────────────────────────────────────────────────────

function StaffSection({ staff, isAdmin }: { staff: NonNullable<Home['staff']>; isAdmin: boolean }) {
  const needing = staff.programs.filter((program) => program.needs.length > 0).length;
  return (
    <section aria-labelledby="programs-heading">
      <SectionHeading
        id="programs-heading"
        title="Your programs"
        aside={
          <Group gap="md">
            {staff.programs.length > 0 && (
              <Text size="sm" c="dimmed">
                {needing === 0
                  ? 'Nothing needs you'
                  : `${plural(needing, 'program needs', 'programs need')} you`}
              </Text>
            )}
            <Anchor component={Link} to="/programs" size="sm">
              All programs
            </Anchor>
          </Group>
        }
      />
      {staff.programs.length === 0 ? (
        <EmptyState
          order={3}
          icon={<IconTargetArrow size={30} />}
          title="No programs yet"
          description="Import your people from your HRIS export, then create a mentoring program and open it for enrolment: what it needs from you shows up here."
        >
          {isAdmin && (
            <>
              <Button component={Link} to="/import">
                Import people
              </Button>
              <Button component={Link} to="/programs" variant="default">
                Go to programs
              </Button>
            </>
          )}
        </EmptyState>
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" component="ul" className="plain-list">
            {staff.programs.map((program) => (
              <li key={program.id}>
                <StaffProgramCard program={program} />
              </li>
            ))}
          </SimpleGrid>
          {staff.total > staff.programs.length && (
            <Text size="sm" c="dimmed" mt="sm">
              {`${staff.programs.length} of your ${staff.total} programs are shown, those that need you first.`}
            </Text>
          )}
        </>
      )}
    </section>
  );
}

function StaffProgramCard({ program }: { program: StaffProgram }) {
  const headingId = `staff-program-${program.id}`;
  return (
    <Paper
      withBorder
      p="lg"
      h="100%"
      className={program.needs.length > 0 ? 'home-program home-program-needs' : 'home-program'}
      data-testid="home-program"
    >
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Title order={3} size="h5" id={headingId}>
              <Link to={program.link} className="row-link">
                {program.name}
              </Link>
            </Title>
            <Text size="xs" c="dimmed">
              {program.myRole === 'coordinator' ? 'You coordinate this program' : 'As an administrator'}
            </Text>
          </Stack>
          <ProgramStatusBadge status={program.status} />
        </Group>
        {program.needs.length === 0 ? (
          <Group gap={6} mt="auto">
            <IconCircleCheck size={18} aria-hidden="true" color="var(--mantine-color-trellis-7)" />
            <Text size="sm" c="dimmed">
              Nothing needs you here.
            </Text>
          </Group>
        ) : (
          <Stack gap={8} component="ul" className="plain-list" aria-labelledby={headingId}>
            {program.needs.map((need) => {
              const look = needLook[need.kind];
              const Icon = look.icon;
              return (
                <li key={need.kind}>
                  <Group gap="sm" wrap="nowrap" align="flex-start">
                    <ThemeIcon variant="light" color={look.color} radius="md" size={28} aria-hidden="true">
                      <Icon size={16} />
                    </ThemeIcon>
                    <Stack gap={0} style={{ minWidth: 0 }}>
                      <Anchor component={Link} to={need.link} size="sm" fw={600}>
                        {need.title}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        Waiting since {formatDate(need.since)}
                      </Text>
                    </Stack>
                  </Group>
                </li>
              );
            })}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

// ── Programs you can join ───────────────────────────────────────────────────────────────────────────────────────

function JoinSection({ programs }: { programs: JoinableProgram[] }) {
  return (
    <section aria-labelledby="join-heading">
      <SectionHeading
        id="join-heading"
        title="Programs you can join"
        aside={
          <Anchor component={Link} to="/mentoring" size="sm">
            Your programs
          </Anchor>
        }
      />
      {programs.length === 0 ? (
        <Paper withBorder p="lg" bg="gray.0">
          <Group gap="sm">
            <IconCompass size={20} aria-hidden="true" color="var(--mantine-color-gray-6)" />
            <Text size="sm" c="dimmed">
              No other program is open for enrolment right now.
            </Text>
          </Group>
        </Paper>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" component="ul" className="plain-list">
          {programs.map((program) => (
            <li key={program.id}>
              <JoinProgramCard program={program} />
            </li>
          ))}
        </SimpleGrid>
      )}
    </section>
  );
}
