import { Radio, Stack } from '@mantine/core';
import type { Role } from '../../../../src/contracts/accounts.contracts.ts';

/** The role of a new account: member or administrator, each with what it may do. */
export function RoleRadioGroup({ value, onChange }: { value: Role; onChange: (role: Role) => void }) {
  return (
    <Radio.Group label="Role" value={value} onChange={(next) => onChange(next as Role)}>
      <Stack gap="xs" mt="xs">
        <Radio value="member" label="Member" description="Takes part in programs as a mentor or mentee" />
        <Radio value="admin" label="Administrator" description="Manages people, programs and accounts" />
      </Stack>
    </Radio.Group>
  );
}
