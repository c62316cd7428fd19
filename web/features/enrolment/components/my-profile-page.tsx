import { Alert, Anchor, Button, Checkbox, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import type { EnrolmentRole } from '../../../../src/contracts/enrolments.contracts.ts';
import type {
  MentoringProfile,
  MentoringProfileInput,
} from '../../../../src/contracts/mentoring-profiles.contracts.ts';
import type { Skill } from '../../../../src/contracts/skills.contracts.ts';
import { type FormState, useFormState } from '../../../lib/form-state.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useSkills } from '../../programs/api/programs.api.ts';
import { useMe } from '../../session/api/session.api.ts';
import { PageHeader } from '../../shell/components/page-header.tsx';
import { EmptyState, ErrorState, FormError, LoadingState } from '../../shell/components/states.tsx';
import { enrolmentStatusLabel } from '../api/enrolment.api.ts';
import { useMyMentoringProfile, useSaveMentoringProfile } from '../api/mentoring-profile.api.ts';
import * as Fields from './profile-fields.tsx';

interface ProfileValues extends Record<string, unknown> {
  skillsWanted: string[];
  goals: string;
  targetFunction: string;
  departmentPreference: MentoringProfile['departmentPreference'];
  skillsOffered: string[];
  helpWith: string;
  capacity: number | string;
  skillsNote: string;
  learningStyle: string | null;
  meetingMode: string | null;
  languages: string[];
  availability: string;
}

function valuesOf(profile: MentoringProfile): ProfileValues {
  return {
    skillsWanted: profile.skillsWanted,
    goals: profile.goals,
    targetFunction: profile.targetFunction ?? '',
    departmentPreference: profile.departmentPreference,
    skillsOffered: profile.skillsOffered,
    helpWith: profile.helpWith,
    capacity: profile.capacity ?? '',
    skillsNote: profile.skillsNote,
    learningStyle: profile.learningStyle,
    meetingMode: profile.meetingMode,
    languages: profile.languages,
    availability: profile.availability,
  };
}

function inputOf(values: ProfileValues, applyTo: string[]): MentoringProfileInput {
  return {
    skillsWanted: values.skillsWanted,
    goals: values.goals.trim(),
    targetFunction: values.targetFunction.trim() || null,
    departmentPreference: values.departmentPreference,
    skillsOffered: values.skillsOffered,
    helpWith: values.helpWith.trim(),
    capacity: typeof values.capacity === 'number' ? values.capacity : null,
    skillsNote: values.skillsNote.trim(),
    learningStyle: values.learningStyle as MentoringProfileInput['learningStyle'],
    meetingMode: values.meetingMode as MentoringProfileInput['meetingMode'],
    languages: values.languages,
    availability: values.availability.trim(),
    applyTo,
  };
}

const roleLabel = { mentee: 'as a mentee', mentor: 'as a mentor' } as const;

/** What each role's section of the profile says, and the fields it keeps its skills and goals in. */
const roleSections = {
  mentee: {
    title: 'As a mentee',
    description: 'Used when you join a program to be mentored.',
    skills: 'skillsWanted',
    goals: 'goals',
  },
  mentor: {
    title: 'As a mentor',
    description: 'Used when you join a program to mentor others.',
    skills: 'skillsOffered',
    goals: 'helpWith',
  },
} as const;

/**
 * "My profile" (issue 13 §3): what a person tells programs about themselves, kept as theirs and filled into their
 * next enrolment form. Saving can also update their enrolments in programs that have not matched yet.
 */
export function MyProfilePage() {
  const me = useMe().data;
  const linked = Boolean(me?.personId);
  const profile = useMyMentoringProfile(linked);
  if (!linked) {
    return (
      <EmptyState
        order={1}
        title="Your account is not linked to a person yet"
        description="An administrator links accounts to the people directory when importing or inviting. Your profile lives there."
      />
    );
  }
  if (profile.isPending) return <LoadingState label="Loading your profile…" />;
  if (profile.isError) return <ErrorState error={profile.error} onRetry={() => profile.refetch()} />;
  return <ProfileForm profile={profile.data} personId={me!.personId!} />;
}

function ProfileForm({ profile, personId }: { profile: MentoringProfile; personId: string }) {
  const skills = useSkills();
  const save = useSaveMentoringProfile();
  const form = useFormState<ProfileValues>(valuesOf(profile));
  const [applyTo, setApplyTo] = useState<string[]>([]);
  /** An API error on a list names an item (`skillsOffered[2]`); show it on the list's field. */
  const errorOn = (field: string) =>
    Object.entries(form.errors).find(([key]) => key === field || key.startsWith(`${field}[`))?.[1];

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(inputOf(form.values, applyTo), {
      onSuccess: (saved) => {
        setApplyTo([]);
        notifications.show({
          color: 'trellis',
          title: 'Your profile is saved',
          message:
            saved.applied.length > 0
              ? `Also updated in ${saved.applied.map((item) => item.programName).join(', ')}.`
              : 'Your next enrolment starts from it.',
        });
      },
      onError: (error) => {
        form.fail(error);
        window.scrollTo({ top: 0, behavior: 'smooth' });
      },
    });
  };

  return (
    <>
      <PageHeader
        title="My profile"
        description="What you tell mentoring programs about yourself. It is filled into your next enrolment, and you can change it there for that program. Answers to a program’s own questions stay with that program."
        actions={
          <Button component={Link} to={`/people/${personId}`} variant="default">
            Your directory entry
          </Button>
        }
      />
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="lg" maw={860}>
          <FormError message={form.formError} />
          {profile.source === 'enrolment' && (
            <Alert variant="light" color="blue" icon={<IconInfoCircle aria-hidden="true" />}>
              This is what you said in your latest enrolments. Save it to keep it as your profile.
            </Alert>
          )}
          {profile.source === 'saved' && profile.updatedAt && (
            <Text size="sm" c="dimmed">
              Last saved {formatDateTime(profile.updatedAt)}.
            </Text>
          )}

          <Fields.Section headingId="work-heading" title="How you like to work">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Fields.LearningStyle
                {...Fields.bound(form, 'learningStyle')}
                error={form.errors.learningStyle}
              />
              <Fields.MeetingMode {...Fields.bound(form, 'meetingMode')} error={form.errors.meetingMode} />
              <Fields.Languages {...Fields.bound(form, 'languages')} error={errorOn('languages')} />
              <Fields.Availability {...form.text('availability')} />
            </SimpleGrid>
            <Fields.SkillsNote mt="md" {...form.text('skillsNote')} />
          </Fields.Section>

          <RoleSection forRole="mentee" form={form} skills={skills.data} errorOn={errorOn}>
            <Fields.TargetFunction {...form.text('targetFunction')} />
            <Fields.DepartmentPreference
              labelId="my-department-label"
              {...Fields.bound(form, 'departmentPreference')}
            />
          </RoleSection>

          <RoleSection forRole="mentor" form={form} skills={skills.data} errorOn={errorOn}>
            <Fields.UsualCapacity {...Fields.bound(form, 'capacity')} error={form.errors.capacity} />
          </RoleSection>

          {profile.openEnrolments.length > 0 && (
            <Fields.Section
              headingId="apply-heading"
              title="Your programs not matched yet"
              description="Saving changes only your profile, unless you tick a program here: then its enrolment takes this profile too. Your answers to its questions and the people you named stay as they are."
            >
              <Checkbox.Group
                value={applyTo}
                onChange={setApplyTo}
                label="Also update my enrolment in"
                error={errorOn('applyTo')}
              >
                <Stack gap="xs" mt="xs">
                  {profile.openEnrolments.map((enrolment) => (
                    <Checkbox
                      key={enrolment.id}
                      value={enrolment.id}
                      label={`${enrolment.programName}, ${roleLabel[enrolment.role]}`}
                      description={enrolmentStatusLabel[enrolment.status]}
                    />
                  ))}
                </Stack>
              </Checkbox.Group>
            </Fields.Section>
          )}

          <Group justify="space-between">
            <Anchor component={Link} to="/mentoring" size="sm">
              Your programs
            </Anchor>
            <Button type="submit" loading={save.isPending} size="md">
              Save profile
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}

/** "As a mentee" or "As a mentor": the role's skills and goals, then the fields only that role has. */
function RoleSection({
  forRole: role,
  form,
  skills,
  errorOn,
  children,
}: {
  forRole: EnrolmentRole;
  form: FormState<ProfileValues>;
  skills: Skill[] | undefined;
  errorOn: (field: string) => string | undefined;
  children: ReactNode;
}) {
  const section = roleSections[role];
  return (
    <Fields.Section headingId={`${role}-heading`} title={section.title} description={section.description}>
      <Stack gap="md">
        <Fields.Skills
          role={role}
          skills={skills}
          {...Fields.bound(form, section.skills)}
          error={errorOn(section.skills)}
        />
        <Fields.Goals role={role} {...form.text(section.goals)} />
        {children}
      </Stack>
    </Fields.Section>
  );
}
