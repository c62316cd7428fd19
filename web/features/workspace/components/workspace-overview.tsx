import {
  Anchor,
  Avatar,
  Badge,
  Button,
  Grid,
  Group,
  List,
  Paper,
  Progress,
  Stack,
  Text,
  ThemeIcon,
  Timeline,
  Title,
} from '@mantine/core';
import {
  IconCalendarEvent,
  IconCircleCheck,
  IconCircleDashed,
  IconFileCertificate,
  IconListCheck,
  IconLock,
  IconMail,
  IconNotes,
  IconTarget,
  IconTimeline,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { WorkspaceOverview as Overview } from '../../../../src/contracts/workspace.contracts.ts';
import type { GoalStatus } from '../../../../src/contracts/workspace-shapes.contracts.ts';
import { formatDate, formatDateTime, initials, plural } from '../../../lib/format.ts';
import { goalStatusColor, goalStatusLabel } from '../../goals/components/goal-labels.ts';
import { ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { SurveyPrompts } from '../../surveys/components/survey-prompts.tsx';
import { useWorkspaceOverview, useWorkspaceTimeline } from '../api/workspace.api.ts';
import type { WorkspaceContext } from '../workspace-context.ts';

/** Goal badges as the Goals tab draws them: light in dark text, a reached goal filled in the house colour. */
function goalBadgeProps(status: GoalStatus) {
  const color = goalStatusColor[status];
  return color === 'green'
    ? { color: 'trellis', variant: 'filled' as const }
    : { color, c: 'dark.7', variant: 'light' as const };
}
const cadenceLabel: Record<string, string> = {
  weekly: 'weekly',
  fortnightly: 'every two weeks',
  monthly: 'monthly',
};
/** The agreement's state as the caller reads it: "your signature" rather than "the mentor's" when it is theirs. */
function agreementLabel(data: Overview): string {
  const a = data.agreement;
  const partner = firstName(data.partner.name);
  switch (a.status) {
    case 'none':
    case 'draft':
      // As the Agreement tab says it: a draft from the template is there to read from the first day.
      return 'Not signed yet';
    case 'signed':
      return 'Signed by both';
    default:
      return a.awaitingMySignature ? 'Waiting for your signature' : `Waiting for ${partner}’s signature`;
  }
}

function firstName(name: string): string {
  return name.split(/\s+/)[0] ?? name;
}

function signatureLine(data: Overview): string {
  const a = data.agreement;
  const mine = data.partner.role === 'mentor' ? a.menteeSignedAt : a.mentorSignedAt;
  const theirs = data.partner.role === 'mentor' ? a.mentorSignedAt : a.menteeSignedAt;
  const partner = firstName(data.partner.name);
  return [
    mine ? `You signed ${formatDate(mine)}.` : 'You have not signed yet.',
    theirs ? `${partner} signed ${formatDate(theirs)}.` : `${partner} has not signed yet.`,
  ].join(' ');
}

const agreementColor: Record<Overview['agreement']['status'], string> = {
  none: 'gray',
  draft: 'gray',
  awaiting_mentor: 'orange',
  awaiting_mentee: 'orange',
  signed: 'trellis',
};

/** The workspace at a glance: partner, agreement, goals, next meeting, action items, notes, timeline. */
export function WorkspaceOverview({ workspace }: { workspace: WorkspaceContext }) {
  const overview = useWorkspaceOverview(workspace.relationshipId);
  const base = `/mentoring/relationships/${workspace.relationshipId}`;
  return (
    <Stack gap="lg">
      <SurveyPrompts workspace={workspace} />
      {overview.isPending ? (
        <LoadingState label="Gathering your workspace…" />
      ) : overview.isError ? (
        <ErrorState error={overview.error} onRetry={() => overview.refetch()} />
      ) : (
        <OverviewCards data={overview.data} base={base} workspace={workspace} />
      )}
    </Stack>
  );
}

function OverviewCards({
  data,
  base,
  workspace,
}: {
  data: Overview;
  base: string;
  workspace: WorkspaceContext;
}) {
  return (
    <Stack gap="lg">
      {!data.readOnly && <GettingStarted data={data} base={base} />}
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <PartnerCard data={data} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <AgreementCard data={data} base={base} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <NextMeetingCard data={data} base={base} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <GoalsCard data={data} base={base} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <ActionItemsCard data={data} base={base} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <NotesCard data={data} base={base} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <TimelineCard relationshipId={workspace.relationshipId} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function Card({
  title,
  icon,
  action,
  children,
  id,
}: {
  title: string;
  icon: ReactNode;
  action?: ReactNode;
  children: ReactNode;
  id: string;
}) {
  return (
    <Paper withBorder radius="md" p="lg" h="100%" component="section" aria-labelledby={id}>
      <Stack gap="sm" h="100%">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <ThemeIcon variant="light" radius="xl" aria-hidden="true">
              {icon}
            </ThemeIcon>
            <Title order={2} size="h5" id={id}>
              {title}
            </Title>
          </Group>
          {action}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

function TabLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Anchor component={Link} to={to} size="sm">
      {children}
    </Anchor>
  );
}

/** First steps for a new pair, until the agreement is signed, a goal is set and a meeting is planned. */
function GettingStarted({ data, base }: { data: Overview; base: string }) {
  const steps = [
    {
      done: data.agreement.status === 'signed',
      title: 'Agree how you will work together',
      text: 'Write down your goals, how often you meet and your ground rules, then both sign.',
      to: `${base}/agreement`,
      cta: data.agreement.status === 'none' ? 'Start the agreement' : 'Open the agreement',
    },
    {
      done: data.goals.total > 0,
      title: 'Set a first goal',
      text: 'One specific, measurable goal with a few milestones is enough to start.',
      to: `${base}/goals`,
      cta: 'Add a goal',
    },
    {
      done: data.meetings.heldCount > 0 || data.meetings.next !== null,
      title: 'Plan your first meeting',
      text: `Your program suggests meeting ${cadenceLabel[data.program.meetingCadence] ?? data.program.meetingCadence}.`,
      to: `${base}/meetings`,
      cta: 'Schedule a meeting',
    },
  ];
  if (steps.every((step) => step.done)) return null;
  const next = steps.find((step) => !step.done)!;
  const doneCount = steps.filter((step) => step.done).length;
  return (
    <Paper
      withBorder
      radius="md"
      p="lg"
      bg="var(--mantine-color-trellis-0)"
      component="section"
      aria-labelledby="getting-started-heading"
    >
      <Group justify="space-between" align="flex-start" mb="sm">
        <Stack gap={2}>
          <Title order={2} size="h4" id="getting-started-heading">
            {doneCount === 0 ? 'Start with your agreement' : 'Getting started'}
          </Title>
          <Text size="sm" c="dimmed">
            {doneCount} of {steps.length} first steps done. Pairs who agree on goals early get more out of the
            program.
          </Text>
        </Stack>
        <Button component={Link} to={next.to}>
          {next.cta}
        </Button>
      </Group>
      <List spacing="xs" center>
        {steps.map((step) => (
          <List.Item
            key={step.title}
            icon={
              step.done ? (
                <ThemeIcon color="trellis" size={22} radius="xl" aria-hidden="true">
                  <IconCircleCheck size={16} />
                </ThemeIcon>
              ) : (
                <ThemeIcon color="gray" variant="light" size={22} radius="xl" aria-hidden="true">
                  <IconCircleDashed size={16} />
                </ThemeIcon>
              )
            }
          >
            <Text size="sm">
              <Text span fw={600} td={step.done ? 'line-through' : undefined}>
                {step.title}
              </Text>
              <Text span c="dimmed">
                {' '}
                — {step.done ? 'done' : step.text}
              </Text>
              <Text span className="visually-hidden">
                {step.done ? ' (done)' : ' (to do)'}
              </Text>
            </Text>
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}

function PartnerCard({ data }: { data: Overview }) {
  const p = data.partner;
  const skills = p.role === 'mentor' ? p.skillsOffered : p.skillsWanted;
  return (
    <Card
      id="partner-heading"
      title={p.role === 'mentor' ? 'Your mentor' : 'Your mentee'}
      icon={
        <Avatar size={22} radius="xl" color="trellis" aria-hidden="true">
          {initials(p.name)}
        </Avatar>
      }
    >
      <Stack gap={4}>
        <Text fw={700} size="lg">
          {p.name}
        </Text>
        <Text size="sm" c="dimmed">
          {[p.title, p.department].filter(Boolean).join(' · ') || 'No title in the directory'}
        </Text>
        {p.jobFunction && <Text size="sm">Function: {p.jobFunction}</Text>}
        <Group gap="xs">
          <IconMail size={14} aria-hidden="true" />
          <Anchor href={`mailto:${p.email}`} size="sm">
            {p.email}
          </Anchor>
        </Group>
        {(p.timeZone || p.languages.length > 0) && (
          <Text size="sm" c="dimmed">
            {[
              p.timeZone && `Time zone ${p.timeZone}`,
              p.languages.length > 0 && `Speaks ${p.languages.join(', ')}`,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        )}
      </Stack>
      {p.goals.trim() && (
        <Stack gap={2}>
          <Text size="xs" fw={700} tt="uppercase" c="dimmed">
            {p.role === 'mentor' ? 'How they can help' : 'Their goals'}
          </Text>
          <Text size="sm" lineClamp={4} style={{ whiteSpace: 'pre-line' }}>
            {p.goals}
          </Text>
        </Stack>
      )}
      {skills.length > 0 && (
        <Stack gap={4}>
          <Text size="xs" fw={700} tt="uppercase" c="dimmed">
            {p.role === 'mentor' ? 'Skills offered' : 'Skills they want to build'}
          </Text>
          <Group gap={6}>
            {skills.map((skill) => (
              <Badge key={skill} variant="light" radius="sm" tt="none">
                {skill}
              </Badge>
            ))}
          </Group>
        </Stack>
      )}
    </Card>
  );
}

function AgreementCard({ data, base }: { data: Overview; base: string }) {
  const a = data.agreement;
  return (
    <Card
      id="agreement-heading"
      title="Agreement"
      icon={<IconFileCertificate size={16} />}
      action={<TabLink to={`${base}/agreement`}>Open</TabLink>}
    >
      <Group gap="xs">
        <Badge
          {...(a.status === 'signed'
            ? { color: 'trellis', variant: 'filled' as const }
            : { color: agreementColor[a.status], c: 'dark.7', variant: 'light' as const })}
          radius="sm"
          tt="none"
          size="lg"
        >
          {agreementLabel(data)}
        </Badge>
        {a.version > 0 && (
          <Text size="xs" c="dimmed">
            Version {a.version}
            {a.updatedAt ? ` · ${formatDate(a.updatedAt)}` : ''}
          </Text>
        )}
      </Group>
      {a.status === 'none' ? (
        <Text size="sm" c="dimmed">
          A draft from the program’s template is ready: goals, how often you meet, confidentiality and ground
          rules. Talk it through, change what you need, then both sign.
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          {signatureLine(data)}
        </Text>
      )}
      {!data.readOnly && (a.awaitingMySignature || a.status === 'none') && (
        <Button
          component={Link}
          to={`${base}/agreement`}
          mt="auto"
          variant={a.awaitingMySignature ? 'filled' : 'light'}
        >
          {a.awaitingMySignature ? 'Read and sign' : 'Read the draft'}
        </Button>
      )}
    </Card>
  );
}

const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

function timeIn(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(undefined, { timeStyle: 'short', timeZone }).format(new Date(iso));
  } catch {
    return '';
  }
}

function NextMeetingCard({ data, base }: { data: Overview; base: string }) {
  // Once the relationship ended, a meeting left scheduled will not happen: show only what was held.
  const next = data.readOnly ? null : data.meetings.next;
  const partnerZone = data.partner.timeZone;
  return (
    <Card
      id="next-meeting-heading"
      title={data.readOnly ? 'Meetings' : 'Next meeting'}
      icon={<IconCalendarEvent size={16} />}
      action={<TabLink to={`${base}/meetings`}>All meetings</TabLink>}
    >
      {next ? (
        <Stack gap={4}>
          <Text fw={600}>{next.title}</Text>
          <Text size="sm">
            {formatDateTime(next.startsAt)} · {next.durationMinutes} min
          </Text>
          <Text size="xs" c="dimmed">
            Your time ({viewerZone})
            {partnerZone && partnerZone !== viewerZone
              ? ` · ${timeIn(next.startsAt, partnerZone)} for ${data.partner.name.split(' ')[0]} (${partnerZone})`
              : ''}
          </Text>
          {next.videoUrl && (
            <Anchor href={next.videoUrl} target="_blank" rel="noopener noreferrer" size="sm">
              Join the video call
            </Anchor>
          )}
          {next.location && <Text size="sm">{next.location}</Text>}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {data.readOnly ? 'The relationship has ended: no more meetings.' : 'Nothing planned yet.'}
        </Text>
      )}
      <Text size="sm" c="dimmed" mt="auto">
        {plural(data.meetings.heldCount, 'meeting')} held
        {data.meetings.lastHeldAt ? `, the last on ${formatDate(data.meetings.lastHeldAt)}` : ''}.
      </Text>
      {!next && !data.readOnly && (
        <Button component={Link} to={`${base}/meetings`} variant="light">
          Schedule a meeting
        </Button>
      )}
    </Card>
  );
}

function GoalsCard({ data, base }: { data: Overview; base: string }) {
  const g = data.goals;
  const summary = (['on_track', 'at_risk', 'not_started', 'done'] as const)
    .filter((status) => g.byStatus[status] > 0)
    .map((status) => `${g.byStatus[status]} ${goalStatusLabel[status].toLowerCase()}`)
    .join(' · ');
  return (
    <Card
      id="goals-heading"
      title="Goals"
      icon={<IconTarget size={16} />}
      action={<TabLink to={`${base}/goals`}>All goals</TabLink>}
    >
      {g.total === 0 ? (
        <Text size="sm" c="dimmed">
          {data.readOnly
            ? 'No goals were set.'
            : 'No goals yet. A goal is easier to reach when it is specific and has a date.'}
        </Text>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {plural(g.total, 'goal')}
            {summary ? ` · ${summary}` : ''}
          </Text>
          <Stack gap="sm" component="ul" className="plain-list">
            {g.items.map((goal) => (
              <li key={goal.id}>
                <Group justify="space-between" wrap="nowrap" gap="xs" mb={4}>
                  <Text size="sm" fw={600} lineClamp={1}>
                    {goal.title}
                  </Text>
                  <Badge {...goalBadgeProps(goal.status)} radius="sm" tt="none" size="sm">
                    {goalStatusLabel[goal.status]}
                  </Badge>
                </Group>
                <Group gap="xs" wrap="nowrap">
                  <Progress
                    value={goal.progress}
                    color={goalStatusColor[goal.status] === 'gray' ? 'blue' : goalStatusColor[goal.status]}
                    style={{ flex: 1 }}
                    aria-label={`${goal.title}: ${goal.progress}% done`}
                  />
                  <Text size="xs" c="dimmed" miw={100} ta="right">
                    {goal.milestones && goal.milestones.total > 0
                      ? `${goal.milestones.reached} of ${plural(goal.milestones.total, 'milestone')}`
                      : `${goal.progress}%`}
                  </Text>
                </Group>
              </li>
            ))}
          </Stack>
        </>
      )}
      {g.total === 0 && !data.readOnly && (
        <Button component={Link} to={`${base}/goals`} variant="light" mt="auto">
          Add a goal
        </Button>
      )}
    </Card>
  );
}

function ActionItemsCard({ data, base }: { data: Overview; base: string }) {
  const a = data.actionItems;
  return (
    <Card
      id="action-items-heading"
      title={data.readOnly ? 'Action items left open' : 'Open action items'}
      icon={<IconListCheck size={16} />}
      action={<TabLink to={`${base}/meetings`}>All action items</TabLink>}
    >
      {a.openCount === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing open. Action items agreed in a meeting show up here with who does what by when.
        </Text>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {plural(a.openCount, 'open item')}
            {a.overdueCount > 0 ? ` · ${a.overdueCount} overdue` : ''}
          </Text>
          <Stack gap="xs" component="ul" className="plain-list">
            {a.items.map((item) => (
              <li key={item.id}>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Text size="sm" lineClamp={1}>
                      {item.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {item.owner
                        ? item.owner.personId === data.me.personId
                          ? 'You'
                          : item.owner.name
                        : 'No owner'}
                    </Text>
                  </Stack>
                  <Text size="xs" c={item.overdue ? 'red.9' : 'dimmed'} fw={item.overdue ? 600 : 400}>
                    {item.dueOn
                      ? `${item.overdue ? 'Overdue · ' : 'Due '}${formatDate(item.dueOn)}`
                      : 'No date'}
                  </Text>
                </Group>
              </li>
            ))}
          </Stack>
        </>
      )}
    </Card>
  );
}

function NotesCard({ data, base }: { data: Overview; base: string }) {
  const n = data.notes;
  return (
    <Card
      id="notes-heading"
      title="Recent notes"
      icon={<IconNotes size={16} />}
      action={<TabLink to={`${base}/notes`}>All notes</TabLink>}
    >
      {n.recent.length === 0 ? (
        <Text size="sm" c="dimmed">
          No notes yet. Shared notes are for both of you; private notes are only ever yours.
        </Text>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {plural(n.sharedCount, 'shared note')} · {plural(n.myPrivateCount, 'private note')} of yours
          </Text>
          <Stack gap="sm" component="ul" className="plain-list">
            {n.recent.map((note) => (
              <li key={note.id}>
                <Paper bg="gray.0" p="sm" radius="sm">
                  <Group gap={6} mb={4}>
                    <Text size="xs" fw={600}>
                      {note.mine ? 'You' : note.author.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(note.createdAt)}
                    </Text>
                    {note.visibility === 'private' && (
                      <Badge
                        size="xs"
                        color="gray"
                        variant="outline"
                        radius="sm"
                        tt="none"
                        leftSection={<IconLock size={10} aria-hidden="true" />}
                      >
                        Private
                      </Badge>
                    )}
                  </Group>
                  <Text size="sm" style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>
                    {note.excerpt}
                    {note.truncated ? '…' : ''}
                  </Text>
                </Paper>
              </li>
            ))}
          </Stack>
        </>
      )}
    </Card>
  );
}

function TimelineCard({ relationshipId }: { relationshipId: string }) {
  const timeline = useWorkspaceTimeline(relationshipId);
  const items = timeline.data?.pages.flatMap((page) => page.items) ?? [];
  const total = timeline.data?.pages[0]?.total ?? 0;
  return (
    <Card id="timeline-heading" title="Timeline" icon={<IconTimeline size={16} />}>
      {timeline.isPending ? (
        <LoadingState label="Loading the timeline…" />
      ) : timeline.isError ? (
        <ErrorState error={timeline.error} onRetry={() => timeline.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing has happened yet.
        </Text>
      ) : (
        <>
          <Timeline bulletSize={12} lineWidth={2} active={-1}>
            {items.map((item) => (
              <Timeline.Item key={item.id} title={<Text size="sm">{item.summary}</Text>}>
                <Text size="xs" c="dimmed">
                  {formatDateTime(item.at)}
                  {/* Most lines already start with who did it ("Rafael Duarte scheduled…"): say it once. */}
                  {item.actor && !item.summary.includes(item.actor.name) ? ` · ${item.actor.name}` : ''}
                </Text>
                {item.reason && (
                  <Text size="sm" c="dimmed" fs="italic">
                    “{item.reason}”
                  </Text>
                )}
              </Timeline.Item>
            ))}
          </Timeline>
          {timeline.hasNextPage && (
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={() => timeline.fetchNextPage()}
              loading={timeline.isFetchingNextPage}
              aria-label={`Show more of the timeline (${items.length} of ${total} shown)`}
            >
              Show more
            </Button>
          )}
        </>
      )}
    </Card>
  );
}
