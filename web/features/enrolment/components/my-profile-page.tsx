import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type {
  MentoringProfile,
  MentoringProfileInput,
} from '../../../../src/contracts/mentoring-profiles.contracts.ts';
import { LabelledSegmentedControl } from '../../../components/labelled-segmented-control.tsx';
import { useFormState } from '../../../lib/form-state.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useSkills } from '../../programs/api/programs.api.ts';
import { useMe } from '../../session/api/session.api.ts';
import { PageHeader } from '../../shell/components/page-header.tsx';
import { EmptyState, ErrorState, FormError, LoadingState } from '../../shell/components/states.tsx';
import { enrolmentStatusLabel } from '../api/enrolment.api.ts';
import { useMyMentoringProfile, useSaveMentoringProfile } from '../api/mentoring-profile.api.ts';
import { languages, learningStyles, meetingModes } from './enrol-profile-fields.tsx';

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
  const skillOptions = (skills.data ?? []).map((skill) => ({ value: skill.name, label: skill.name }));
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

          <Paper withBorder p="lg" component="section" aria-labelledby="work-heading">
            <Title order={2} size="h4" id="work-heading" mb="md">
              How you like to work
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Select
                label="How you learn best"
                placeholder="Choose a style"
                data={learningStyles}
                value={form.values.learningStyle}
                onChange={(value) => form.setField('learningStyle', value)}
                error={form.errors.learningStyle}
                clearable
              />
              <Select
                label="Preferred way to meet"
                placeholder="Choose a way to meet"
                data={meetingModes}
                value={form.values.meetingMode}
                onChange={(value) => form.setField('meetingMode', value)}
                error={form.errors.meetingMode}
                clearable
              />
              <TagsInput
                label="Languages"
                data={languages}
                value={form.values.languages}
                onChange={(value) => form.setField('languages', value)}
                error={errorOn('languages')}
                clearable
              />
              <TextInput
                label="Availability"
                placeholder="e.g. Tuesday and Thursday afternoons"
                {...form.text('availability')}
              />
            </SimpleGrid>
            <TextInput
              mt="md"
              label="Anything else about skills"
              description="Optional, in your own words"
              {...form.text('skillsNote')}
            />
          </Paper>

          <Paper withBorder p="lg" component="section" aria-labelledby="mentee-heading">
            <Title order={2} size="h4" id="mentee-heading">
              As a mentee
            </Title>
            <Text size="sm" c="dimmed" mb="md">
              Used when you join a program to be mentored.
            </Text>
            <Stack gap="md">
              <MultiSelect
                label="Skills you want to develop"
                description="Choose from your organisation’s list"
                data={skillOptions}
                value={form.values.skillsWanted}
                onChange={(value) => form.setField('skillsWanted', value)}
                error={errorOn('skillsWanted')}
                searchable
                clearable
                maxValues={30}
                nothingFoundMessage="No such skill — describe it under “Anything else about skills”"
              />
              <Textarea
                label="Your career goals"
                description="Where you want to be in one to three years, and what is in the way"
                autosize
                minRows={3}
                {...form.text('goals')}
              />
              <TextInput
                label="Job function you aim for"
                placeholder="e.g. Product management"
                {...form.text('targetFunction')}
              />
              <LabelledSegmentedControl
                labelId="my-department-label"
                label="A mentor from"
                value={form.values.departmentPreference}
                onChange={(value) =>
                  form.setField('departmentPreference', value as ProfileValues['departmentPreference'])
                }
                data={[
                  { value: 'any', label: 'Any department' },
                  { value: 'same', label: 'My department' },
                  { value: 'different', label: 'Another department' },
                ]}
                w="fit-content"
              />
            </Stack>
          </Paper>

          <Paper withBorder p="lg" component="section" aria-labelledby="mentor-heading">
            <Title order={2} size="h4" id="mentor-heading">
              As a mentor
            </Title>
            <Text size="sm" c="dimmed" mb="md">
              Used when you join a program to mentor others.
            </Text>
            <Stack gap="md">
              <MultiSelect
                label="Skills you can help with"
                description="Choose from your organisation’s list"
                data={skillOptions}
                value={form.values.skillsOffered}
                onChange={(value) => form.setField('skillsOffered', value)}
                error={errorOn('skillsOffered')}
                searchable
                clearable
                maxValues={30}
                nothingFoundMessage="No such skill — describe it under “Anything else about skills”"
              />
              <Textarea
                label="What you can help with"
                description="Experiences, transitions, areas you know well"
                autosize
                minRows={3}
                {...form.text('helpWith')}
              />
              <NumberInput
                label="Mentees you usually take"
                description="Leave empty to take what each program suggests"
                min={1}
                max={20}
                value={form.values.capacity}
                onChange={(value) => form.setField('capacity', value === '' ? '' : Number(value))}
                error={form.errors.capacity}
                w={260}
              />
            </Stack>
          </Paper>

          {profile.openEnrolments.length > 0 && (
            <Paper withBorder p="lg" component="section" aria-labelledby="apply-heading">
              <Title order={2} size="h4" id="apply-heading">
                Your programs not matched yet
              </Title>
              <Text size="sm" c="dimmed" mb="md">
                Saving changes only your profile, unless you tick a program here: then its enrolment takes
                this profile too. Your answers to its questions and the people you named stay as they are.
              </Text>
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
            </Paper>
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
