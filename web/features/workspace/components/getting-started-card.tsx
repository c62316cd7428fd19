import { Button, Group, List, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCircleCheck, IconCircleDashed } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { WorkspaceOverview } from '../../../../src/contracts/workspace.contracts.ts';

const cadenceLabel: Record<string, string> = {
  weekly: 'weekly',
  fortnightly: 'every two weeks',
  monthly: 'monthly',
};

/** First steps for a new pair, until the agreement is signed, a goal is set and a meeting is planned. */
export function GettingStarted({ data, base }: { data: WorkspaceOverview; base: string }) {
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
