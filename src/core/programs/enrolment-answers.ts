import type { FieldIssue } from '../errors.ts';

/** The parts of an enrolment-form question that validating an answer needs. */
export interface FormQuestion {
  id: string;
  kind: 'single_choice' | 'multiple_choice' | 'scale' | 'short_text' | 'long_text';
  options: readonly string[];
  required: boolean;
  audience: 'both' | 'mentor' | 'mentee';
}

type SubmittedAnswer = string | number | readonly string[];
type StoredAnswer = string | string[];

const textLimits = { short_text: 200, long_text: 4000 } as const;

/** The questions a mentor or a mentee answers. */
function questionsFor(questions: readonly FormQuestion[], role: 'mentor' | 'mentee'): FormQuestion[] {
  return questions.filter((question) => question.audience === 'both' || question.audience === role);
}

function optionOf(question: FormQuestion, value: string): string | undefined {
  const key = value.trim().toLowerCase();
  return question.options.find((option) => option.toLowerCase() === key);
}

/**
 * Check answers against the form for one role and normalise them (options in the form's spelling, scale numbers as
 * their label); empty answers are dropped. Issues are named `${path}.<questionId>`.
 */
export function validateAnswers(
  questions: readonly FormQuestion[],
  answers: Readonly<Record<string, SubmittedAnswer>>,
  role: 'mentor' | 'mentee',
  path = 'body.answers',
): { value: Record<string, StoredAnswer>; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const value: Record<string, StoredAnswer> = {};
  const asked = new Map(questionsFor(questions, role).map((question) => [question.id, question]));
  for (const [id, answer] of Object.entries(answers)) {
    const question = asked.get(id);
    const at = `${path}.${id}`;
    if (!question) {
      issues.push({ path: at, message: `not a question of this program’s form for ${role}s` });
      continue;
    }
    const empty = answer === '' || (Array.isArray(answer) && answer.length === 0);
    if (empty) continue;
    switch (question.kind) {
      case 'single_choice': {
        const option = typeof answer === 'string' ? optionOf(question, answer) : undefined;
        if (option === undefined)
          issues.push({ path: at, message: `must be one of: ${question.options.join(', ')}` });
        else value[id] = option;
        break;
      }
      case 'multiple_choice': {
        if (!Array.isArray(answer)) {
          issues.push({ path: at, message: 'must be a list of options' });
          break;
        }
        const chosen: string[] = [];
        for (const item of answer as readonly string[]) {
          const option = optionOf(question, item);
          if (option === undefined) {
            issues.push({ path: at, message: `“${item}” is not one of: ${question.options.join(', ')}` });
          } else if (!chosen.includes(option)) chosen.push(option);
        }
        value[id] = chosen;
        break;
      }
      case 'scale': {
        const option =
          typeof answer === 'number' || typeof answer === 'string'
            ? optionOf(question, String(answer))
            : undefined;
        if (option === undefined) {
          issues.push({ path: at, message: `must be a point of the scale: ${question.options.join(', ')}` });
        } else value[id] = option;
        break;
      }
      case 'short_text':
      case 'long_text': {
        if (typeof answer !== 'string') issues.push({ path: at, message: 'must be text' });
        else if (answer.length > textLimits[question.kind]) {
          issues.push({ path: at, message: `must be at most ${textLimits[question.kind]} characters` });
        } else if (answer.trim()) value[id] = answer.trim();
        break;
      }
    }
  }
  for (const question of asked.values()) {
    if (
      question.required &&
      value[question.id] === undefined &&
      !issues.some((i) => i.path === `${path}.${question.id}`)
    ) {
      issues.push({ path: `${path}.${question.id}`, message: 'an answer is required' });
    }
  }
  return { value, issues };
}
