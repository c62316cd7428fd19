import '../../programs/components/programs.css';
import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Radio,
  SegmentedControl,
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
import { IconSchool, IconUserStar } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type {
  Enrolment,
  EnrolmentProfileInput,
  EnrolmentRole,
} from '../../../../src/contracts/enrolments.contracts.ts';
import type { Question } from '../../../../src/contracts/programs.contracts.ts';
import { useFormState } from '../../../lib/form-state.ts';
import { useProgram, useQuestions, useSkills } from '../../programs/api/programs.api.ts';
import { PageHeader } from '../../shell/components/page-header.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../shell/components/states.tsx';
import { useEnrol, useMyEnrolments, useUpdateEnrolment } from '../api/enrolment.api.ts';

const learningStyles = [
  { value: 'visual', label: 'Visual — diagrams, demos' },
  { value: 'auditory', label: 'Auditory — talking it through' },
  { value: 'reading', label: 'Reading — notes and articles' },
  { value: 'kinesthetic', label: 'Hands-on — doing it together' },
];
const meetingModes = [
  { value: 'video', label: 'Video call' },
  { value: 'in_person', label: 'In person' },
  { value: 'phone', label: 'Phone' },
  { value: 'chat', label: 'Chat' },
  { value: 'any', label: 'No preference' },
];
const languages = [
  'English',
  'French',
  'German',
  'Spanish',
  'Portuguese',
  'Italian',
  'Dutch',
  'Polish',
  'Mandarin',
  'Hindi',
  'Japanese',
];

type Answers = Record<string, string | string[] | number>;

interface Values extends Record<string, unknown> {
  skills: string[];
  skillsNote: string;
  goals: string;
  targetFunction: string;
  learningStyle: string | null;
  meetingMode: string | null;
  languages: string[];
  availability: string;
  capacity: number;
  departmentPreference: 'same' | 'different' | 'any';
}

export function EnrolPage() {
  return <EnrolForm />;
}

/** A person's own enrolment, to complete or change their profile and answers. */
export function EditEnrolmentPage() {
  const { enrolmentId = '' } = useParams();
  const mine = useMyEnrolments();
  if (mine.isPending) return <LoadingState label="Loading your enrolment…" />;
  if (mine.isError) return <ErrorState error={mine.error} onRetry={() => mine.refetch()} />;
  const existing = mine.data.find((enrolment) => enrolment.id === enrolmentId);
  if (!existing) {
    return (
      <EmptyState
        order={1}
        title="This enrolment was not found"
        description="It may have been withdrawn. Your programs are listed under Mentoring."
      />
    );
  }
  return <EnrolForm key={existing.id} existing={existing} />;
}

function EnrolForm({ existing }: { existing?: Enrolment }) {
  const { id: routeId = '' } = useParams();
  const id = existing?.programId ?? routeId;
  const [params, setParams] = useSearchParams();
  const role: EnrolmentRole = existing?.role ?? (params.get('role') === 'mentor' ? 'mentor' : 'mentee');
  const update = useUpdateEnrolment(existing?.id ?? '');
  const program = useProgram(id);
  const questions = useQuestions(id);
  const skills = useSkills();
  const enrol = useEnrol(id);
  const navigate = useNavigate();
  const [answers, setAnswers] = useState<Answers>((existing?.answers as Answers) ?? {});
  const [answerErrors, setAnswerErrors] = useState<Record<string, string>>({});
  const saved = existing?.profile;
  const form = useFormState<Values>({
    skills: (role === 'mentor' ? saved?.skillsOffered : saved?.skillsWanted) ?? [],
    skillsNote: saved?.skillsNote ?? '',
    goals: saved?.goals ?? '',
    targetFunction: saved?.targetFunction ?? '',
    learningStyle: saved?.learningStyle ?? null,
    meetingMode: saved?.meetingMode ?? null,
    languages: saved && saved.languages.length > 0 ? saved.languages : ['English'],
    availability: saved?.availability ?? '',
    capacity: existing?.capacity ?? 2,
    departmentPreference: saved?.departmentPreference ?? 'any',
  });

  if (program.isPending) return <LoadingState label="Loading the program…" />;
  if (program.isError) return <ErrorState error={program.error} onRetry={() => program.refetch()} />;
  const data = program.data;
  const myQuestions = (questions.data ?? []).filter((q) => q.audience === 'both' || q.audience === role);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    for (const question of myQuestions) {
      const value = answers[question.id];
      if (
        question.required &&
        (value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
      )
        missing[question.id] = 'Answer this question';
    }
    setAnswerErrors(missing);
    if (Object.keys(missing).length > 0) return;
    const v = form.values;
    const profile: EnrolmentProfileInput = {
      ...(role === 'mentor' ? { skillsOffered: v.skills, capacity: v.capacity } : { skillsWanted: v.skills }),
      skillsNote: v.skillsNote.trim() || undefined,
      goals: v.goals.trim() || undefined,
      targetFunction: role === 'mentee' ? v.targetFunction.trim() || null : undefined,
      learningStyle: (v.learningStyle as EnrolmentProfileInput['learningStyle']) ?? null,
      meetingMode: (v.meetingMode as EnrolmentProfileInput['meetingMode']) ?? null,
      languages: v.languages,
      availability: v.availability.trim() || undefined,
      departmentPreference: role === 'mentee' ? v.departmentPreference : undefined,
    };
    if (existing) {
      update.mutate(
        { profile, answers },
        {
          onSuccess: () => {
            notifications.show({ color: 'trellis', message: `Your profile in ${data.name} is saved.` });
            navigate('/mentoring');
          },
          onError: (error) => {
            form.fail(error);
            window.scrollTo({ top: 0, behavior: 'smooth' });
          },
        },
      );
      return;
    }
    enrol.mutate(
      { role, profile, answers },
      {
        onSuccess: (enrolment) => {
          notifications.show({
            color: 'trellis',
            title: `You joined ${data.name}`,
            message:
              enrolment.status === 'pending_approval'
                ? 'The program team will approve your enrolment.'
                : enrolment.status === 'waitlisted'
                  ? 'You are on the waitlist; you will be told when a place opens.'
                  : `You are enrolled as a ${role}.`,
          });
          navigate('/mentoring');
        },
        onError: (error) => {
          form.fail(error);
          window.scrollTo({ top: 0, behavior: 'smooth' });
        },
      },
    );
  };

  return (
    <>
      <Breadcrumbs mb="xs" aria-label="Breadcrumb" separator="›">
        <Anchor component={Link} to="/mentoring" size="sm">
          Mentoring
        </Anchor>
        <Text size="sm" c="dimmed">
          {data.name}
        </Text>
      </Breadcrumbs>
      <PageHeader
        title={existing ? `Your profile in ${data.name}` : `Join ${data.name}`}
        description={data.description || 'Tell the program about yourself so it can find you a good match.'}
      />
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="lg" maw={860}>
          {form.formError && (
            <Alert color="red" variant="light" role="alert">
              {form.formError}
            </Alert>
          )}
          {!existing && (
            <Paper withBorder p="lg" component="section" aria-labelledby="role-heading">
              <Title order={2} size="h4" id="role-heading" mb="sm">
                I want to join as
              </Title>
              <Radio.Group
                value={role}
                onChange={(value) => setParams({ role: value }, { replace: true })}
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
          )}

          <Paper withBorder p="lg" component="section" aria-labelledby="profile-heading">
            <Title order={2} size="h4" id="profile-heading" mb="md">
              Your profile
            </Title>
            <Stack gap="md">
              <MultiSelect
                label={role === 'mentor' ? 'Skills you can help with' : 'Skills you want to develop'}
                description="Choose from your organisation’s list"
                data={(skills.data ?? []).map((skill) => ({ value: skill.name, label: skill.name }))}
                value={form.values.skills}
                onChange={(value) => form.setField('skills', value)}
                error={form.errors.profile}
                searchable
                clearable
                maxValues={30}
                nothingFoundMessage="No such skill — describe it below"
              />
              <TextInput
                label="Anything else about skills"
                description="Optional, in your own words"
                {...form.text('skillsNote')}
              />
              <Textarea
                label={role === 'mentor' ? 'What you can help with' : 'Your career goals'}
                description={
                  role === 'mentor'
                    ? 'Experiences, transitions, areas you know well'
                    : 'Where you want to be in one to three years, and what is in the way'
                }
                autosize
                minRows={3}
                {...form.text('goals')}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                {role === 'mentee' && (
                  <TextInput
                    label="Job function you aim for"
                    placeholder="e.g. Product management"
                    {...form.text('targetFunction')}
                  />
                )}
                <Select
                  label="How you learn best"
                  placeholder="Choose a style"
                  data={learningStyles}
                  value={form.values.learningStyle}
                  onChange={(value) => form.setField('learningStyle', value)}
                  clearable
                />
                <Select
                  label="Preferred way to meet"
                  placeholder="Choose a way to meet"
                  data={meetingModes}
                  value={form.values.meetingMode}
                  onChange={(value) => form.setField('meetingMode', value)}
                  clearable
                />
                <TagsInput
                  label="Languages"
                  data={languages}
                  value={form.values.languages}
                  onChange={(value) => form.setField('languages', value)}
                  clearable
                />
                {role === 'mentor' && (
                  <NumberInput
                    label="Mentees you can take"
                    description={`The program suggests ${data.mentorDefaultCapacity}`}
                    min={1}
                    max={20}
                    value={form.values.capacity}
                    onChange={(value) => form.setField('capacity', Number(value) || 1)}
                  />
                )}
                <TextInput
                  label="Availability"
                  placeholder="e.g. Tuesday and Thursday afternoons"
                  {...form.text('availability')}
                />
              </SimpleGrid>
              {role === 'mentee' && (
                <Stack gap={4}>
                  <Text size="sm" fw={500} id="department-label">
                    A mentor from
                  </Text>
                  <SegmentedControl
                    aria-labelledby="department-label"
                    value={form.values.departmentPreference}
                    onChange={(value) =>
                      form.setField('departmentPreference', value as Values['departmentPreference'])
                    }
                    data={[
                      { value: 'any', label: 'Any department' },
                      { value: 'same', label: 'My department' },
                      { value: 'different', label: 'Another department' },
                    ]}
                    w="fit-content"
                  />
                </Stack>
              )}
            </Stack>
          </Paper>

          {myQuestions.length > 0 && (
            <Paper withBorder p="lg" component="section" aria-labelledby="questions-heading">
              <Title order={2} size="h4" id="questions-heading" mb="md">
                Questions from the program
              </Title>
              <Stack gap="lg">
                {myQuestions.map((question) => (
                  <QuestionField
                    key={question.id}
                    question={question}
                    value={answers[question.id]}
                    error={answerErrors[question.id] ?? form.errors[`answers` as keyof Values]}
                    onChange={(value) => {
                      setAnswers((current) => ({ ...current, [question.id]: value }));
                      setAnswerErrors((current) => ({ ...current, [question.id]: '' }));
                    }}
                  />
                ))}
              </Stack>
            </Paper>
          )}
          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/mentoring">
              Cancel
            </Button>
            <Button type="submit" loading={enrol.isPending || update.isPending} size="md">
              {existing ? 'Save profile' : `Join as a ${role}`}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}

function QuestionField({
  question,
  value,
  error,
  onChange,
}: {
  question: Question;
  value: string | string[] | number | undefined;
  error?: string;
  onChange: (value: string | string[] | number) => void;
}) {
  const common = {
    label: question.label,
    description: question.help ?? undefined,
    required: question.required,
    error: error || undefined,
  };
  switch (question.kind) {
    case 'short_text':
      return (
        <TextInput
          {...common}
          value={(value as string) ?? ''}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
    case 'long_text':
      return (
        <Textarea
          {...common}
          autosize
          minRows={3}
          value={(value as string) ?? ''}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
    case 'single_choice':
      return (
        <Radio.Group {...common} value={(value as string) ?? null} onChange={onChange}>
          <Stack gap="xs" mt="xs">
            {question.options.map((option) => (
              <Radio key={option} value={option} label={option} />
            ))}
          </Stack>
        </Radio.Group>
      );
    case 'multiple_choice':
      return (
        <Checkbox.Group {...common} value={(value as string[]) ?? []} onChange={onChange}>
          <Stack gap="xs" mt="xs">
            {question.options.map((option) => (
              <Checkbox key={option} value={option} label={option} />
            ))}
          </Stack>
        </Checkbox.Group>
      );
    case 'scale': {
      const labels = question.options.length > 0 ? question.options : ['1', '2', '3', '4', '5'];
      return (
        <Stack gap={4}>
          <Text size="sm" fw={500} id={`q-${question.id}`}>
            {question.label}
            {question.required && (
              <Text span c="red.9" aria-hidden="true">
                {' '}
                *
              </Text>
            )}
          </Text>
          {question.help && (
            <Text size="xs" c="dimmed">
              {question.help}
            </Text>
          )}
          <SegmentedControl
            aria-labelledby={`q-${question.id}`}
            data={labels.map((label) => ({ value: label, label }))}
            value={value === undefined ? '' : String(question.options.length > 0 ? value : value)}
            onChange={(next) => onChange(question.options.length > 0 ? next : Number(next))}
            w="fit-content"
          />
          {error && (
            <Text size="xs" c="red.9">
              {error}
            </Text>
          )}
        </Stack>
      );
    }
    default:
      return null;
  }
}
