import { Group, Text } from '@mantine/core';

function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="var(--mantine-color-trellis-8)" />
      <path
        d="M9 8v16M16 8v16M23 8v16M7 12h18M7 20h18"
        stroke="#fff"
        strokeWidth="2.4"
        strokeLinecap="round"
      />
    </svg>
  );
}

export function Logo({ size = 28 }: { size?: number }) {
  return (
    <Group gap={10} wrap="nowrap">
      <LogoMark size={size} />
      <Text
        component="span"
        fw={750}
        fz={size * 0.72}
        lh={1}
        c="trellis.9"
        style={{ letterSpacing: '-0.02em' }}
      >
        Trellis
      </Text>
    </Group>
  );
}
