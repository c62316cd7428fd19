import './goals.css';
import { CloseButton, Group, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconConfetti } from '@tabler/icons-react';
import { useEffect } from 'react';

const CONFETTI_COLOURS = ['#f59f00', '#37b24d', '#1c7ed6', '#e64980', '#7950f2'];

export interface CelebrationMessage {
  title: string;
  body: string;
}

/** The banner the person who reached a milestone or finished a goal sees right away; it goes by itself. */
export function CelebrationBanner({
  message,
  onClose,
}: {
  message: CelebrationMessage | null;
  onClose: () => void;
}) {
  useEffect(() => {
    if (!message) return;
    const timer = window.setTimeout(onClose, 7000);
    return () => window.clearTimeout(timer);
  }, [message, onClose]);
  if (!message) return null;
  return (
    <Paper
      className="goal-celebration"
      shadow="lg"
      radius="md"
      p="md"
      withBorder
      role="status"
      aria-live="polite"
    >
      <div className="goal-celebration-confetti" aria-hidden="true">
        {Array.from({ length: 18 }, (_, i) => (
          <span
            // biome-ignore lint/suspicious/noArrayIndexKey: decorative, fixed list
            key={i}
            style={{
              left: `${(i * 53) % 100}%`,
              background: CONFETTI_COLOURS[i % CONFETTI_COLOURS.length],
              animationDelay: `${(i % 6) * 90}ms`,
            }}
          />
        ))}
      </div>
      <Group wrap="nowrap" align="flex-start" gap="md" style={{ position: 'relative' }}>
        <ThemeIcon size={44} radius="xl" color="yellow" variant="light" aria-hidden="true">
          <IconConfetti size={26} />
        </ThemeIcon>
        <Stack gap={2} style={{ flex: 1 }}>
          <Text fw={700}>{message.title}</Text>
          <Text size="sm">{message.body}</Text>
        </Stack>
        <CloseButton aria-label="Close the celebration" onClick={onClose} />
      </Group>
    </Paper>
  );
}
