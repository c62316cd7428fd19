import { SimpleGrid, Stack } from '@mantine/core';
import type { EnrolmentRole } from '../../../../src/contracts/enrolments.contracts.ts';
import type { Skill } from '../../../../src/contracts/skills.contracts.ts';
import type { FormState } from '../../../lib/form-state.ts';
import type { ProfileValues } from './enrol-form-values.ts';
import * as Fields from './profile-fields.tsx';

/** "Your profile": what matching reads — skills, goals, how the person learns and meets, languages, capacity. */
export function EnrolProfileFields({
  form,
  role,
  skills,
  suggestedCapacity,
}: {
  form: FormState<ProfileValues>;
  role: EnrolmentRole;
  /** The organisation's skills vocabulary (undefined while it loads). */
  skills: Skill[] | undefined;
  suggestedCapacity: number;
}) {
  return (
    <Fields.Section headingId="profile-heading" title="Your profile">
      <Stack gap="md">
        <Fields.Skills
          role={role}
          skills={skills}
          noteBelow
          {...Fields.bound(form, 'skills')}
          error={form.errors.profile}
        />
        <Fields.SkillsNote {...form.text('skillsNote')} />
        <Fields.Goals role={role} {...form.text('goals')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {role === 'mentee' && <Fields.TargetFunction {...form.text('targetFunction')} />}
          <Fields.LearningStyle {...Fields.bound(form, 'learningStyle')} />
          <Fields.MeetingMode {...Fields.bound(form, 'meetingMode')} />
          <Fields.Languages {...Fields.bound(form, 'languages')} />
          {role === 'mentor' && (
            <Fields.ProgramCapacity suggested={suggestedCapacity} {...Fields.bound(form, 'capacity')} />
          )}
          <Fields.Availability {...form.text('availability')} />
        </SimpleGrid>
        {role === 'mentee' && (
          <Fields.DepartmentPreference
            labelId="department-label"
            {...Fields.bound(form, 'departmentPreference')}
          />
        )}
      </Stack>
    </Fields.Section>
  );
}
