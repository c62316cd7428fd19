import { SegmentedControl, type SegmentedControlProps, Stack, Text } from '@mantine/core';

/** A segmented control with a visible label above it, tied to it by `aria-labelledby` (Mantine's has no label). */
export function LabelledSegmentedControl({
  labelId,
  label,
  ...props
}: SegmentedControlProps & { labelId: string; label: string }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id={labelId}>
        {label}
      </Text>
      <SegmentedControl aria-labelledby={labelId} {...props} />
    </Stack>
  );
}
