import { Group, Paper, Radio, SimpleGrid, Text, Title } from '@mantine/core';
import { IconSchool, IconUserStar } from '@tabler/icons-react';
import type { EnrolmentRole } from '../../../../src/contracts/enrolments.contracts.ts';

/** "I want to join as": mentee or mentor, as two cards. */
export function EnrolRoleChoice({
  role,
  onChange,
}: {
  role: EnrolmentRole;
  onChange: (role: EnrolmentRole) => void;
}) {
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="role-heading">
      <Title order={2} size="h4" id="role-heading" mb="sm">
        I want to join as
      </Title>
      <Radio.Group
        value={role}
        onChange={(value) => onChange(value as EnrolmentRole)}
        aria-labelledby="role-heading"
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Radio.Card value="mentee" p="md" radius="md" className="choice-card">
            <Group wrap="nowrap" align="flex-start">
              <Radio.Indicator />
              <IconSchool size={22} aria-hidden="true" color="var(--mantine-color-trellis-7)" />
              <div>
                <Text fw={600}>A mentee</Text>
                <Text size="sm" c="dimmed">
                  I want guidance to grow toward a goal
                </Text>
              </div>
            </Group>
          </Radio.Card>
          <Radio.Card value="mentor" p="md" radius="md" className="choice-card">
            <Group wrap="nowrap" align="flex-start">
              <Radio.Indicator />
              <IconUserStar size={22} aria-hidden="true" color="var(--mantine-color-trellis-7)" />
              <div>
                <Text fw={600}>A mentor</Text>
                <Text size="sm" c="dimmed">
                  I want to share what I know with colleagues
                </Text>
              </div>
            </Group>
          </Radio.Card>
        </SimpleGrid>
      </Radio.Group>
    </Paper>
  );
}
