import {
  Checkbox,
  Paper,
  Radio,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { AnswersInput } from '../../../../src/contracts/enrolments.contracts.ts';
import type { Question } from '../../../../src/contracts/programs.contracts.ts';

type AnswerValue = AnswersInput[string];

/** "Questions from the program": the program's own questions for this role, each drawn by its kind. */
export function ProgramQuestions({
  questions,
  answers,
  errors,
  fallbackError,
  onAnswer,
}: {
  questions: Question[];
  answers: AnswersInput;
  /** Unanswered required questions, by question id. */
  errors: Record<string, string>;
  /** The server's message about the answers as a whole. */
  fallbackError: string | undefined;
  onAnswer: (questionId: string, value: AnswerValue) => void;
}) {
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="questions-heading">
      <Title order={2} size="h4" id="questions-heading" mb="md">
        Questions from the program
      </Title>
      <Stack gap="lg">
        {questions.map((question) => (
          <QuestionField
            key={question.id}
            question={question}
            value={answers[question.id]}
            error={errors[question.id] ?? fallbackError}
            onChange={(value) => onAnswer(question.id, value)}
          />
        ))}
      </Stack>
    </Paper>
  );
}

function QuestionField({
  question,
  value,
  error,
  onChange,
}: {
  question: Question;
  value: AnswerValue | undefined;
  error?: string;
  onChange: (value: AnswerValue) => void;
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
