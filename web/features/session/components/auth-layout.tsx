import { Anchor, Box, Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { usePageTitle } from '../../../lib/page-title.ts';
import { Logo } from '../../shell/components/logo.tsx';

/** The frame of every page shown before signing in: logo, a card, a footer line. */
export function AuthLayout({
  title,
  subtitle,
  documentTitle,
  children,
  width = 440,
}: {
  title: string;
  subtitle?: ReactNode;
  documentTitle?: string;
  children: ReactNode;
  width?: number;
}) {
  usePageTitle(documentTitle ?? title);
  return (
    <Box className="auth-background">
      <a href="#main-content" className="skip-link">
        Skip to main content
      </a>
      <Center mih="100vh" px="md" py={48}>
        <Stack w="100%" maw={width} gap="lg">
          <Center component="header">
            <Logo size={34} />
          </Center>
          <Paper
            component="main"
            id="main-content"
            tabIndex={-1}
            withBorder
            shadow="sm"
            radius="lg"
            p={{ base: 'lg', sm: 32 }}
          >
            <Stack gap={4} mb="lg">
              <Title order={1} size="h2">
                {title}
              </Title>
              {subtitle && (
                <Text c="dimmed" size="sm">
                  {subtitle}
                </Text>
              )}
            </Stack>
            {children}
          </Paper>
          <Text component="footer" ta="center" size="xs" c="dimmed">
            Trellis — open-source career mentoring.{' '}
            <Anchor href="/api/docs" size="xs" c="dimmed" td="underline">
              API documentation
            </Anchor>
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
