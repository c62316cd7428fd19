import { Anchor, Group, Paper, Stack, ThemeIcon, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** One card of the workspace overview: an icon, a heading (the card's name), an optional link to its tab. */
export function OverviewCard({
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

/** A link to one of the workspace tabs, in a card's corner. */
export function TabLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Anchor component={Link} to={to} size="sm">
      {children}
    </Anchor>
  );
}
