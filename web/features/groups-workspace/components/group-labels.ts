import type { GroupMember, GroupRole } from '../../../../src/contracts/group-workspace.contracts.ts';
import type { PartySummary } from '../../../../src/contracts/relationships.contracts.ts';

export const groupRoleLabel: Record<GroupRole, string> = {
  mentor: 'Mentor',
  co_mentor: 'Co-mentor',
  mentee: 'Mentee',
};

/** A member as the pair workspace's panels name a partner (they read the name, title and department). */
export function asParty(member: GroupMember): PartySummary {
  return {
    enrolmentId: member.relationshipId ?? member.personId,
    personId: member.personId,
    name: member.name,
    title: member.title,
    department: member.department,
    jobFunction: null,
    level: null,
  };
}

/** Light badges in dark text (tinted text fails contrast); green ones filled in the house colour. */
export function badgeProps(color: string) {
  return color === 'green'
    ? { color: 'trellis', variant: 'filled' as const }
    : { color, c: 'dark.7', variant: 'light' as const };
}
