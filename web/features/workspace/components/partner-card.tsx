import { Anchor, Avatar, Badge, Group, Stack, Text } from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import type { WorkspaceOverview } from '../../../../src/contracts/workspace.contracts.ts';
import { initials } from '../../../lib/format.ts';
import { OverviewCard } from './overview-card.tsx';

/** Who the partner is: name, role, contact, time zone and languages, their goals and skills. */
export function PartnerCard({ data }: { data: WorkspaceOverview }) {
  const p = data.partner;
  const skills = p.role === 'mentor' ? p.skillsOffered : p.skillsWanted;
  return (
    <OverviewCard
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
    </OverviewCard>
  );
}
