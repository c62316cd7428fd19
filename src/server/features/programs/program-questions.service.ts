import type {
  Question,
  QuestionInput,
  QuestionKind,
  QuestionUpdate,
} from '../../../contracts/programs.contracts.ts';
import { AppError, type FieldIssue, invalidField, notFound } from '../../../core/errors.ts';
import type { FormQuestion } from '../../../core/programs/enrolment-answers.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { programForMember, programForStaff } from './program-access.ts';
import * as repo from './program-questions.repository.ts';
import { auditProgram } from './programs.service.ts';

const choiceKinds: readonly QuestionKind[] = ['single_choice', 'multiple_choice'];
const textKinds: readonly QuestionKind[] = ['short_text', 'long_text'];

function toQuestion(row: repo.QuestionRow): Question {
  return {
    id: row.id,
    programId: row.programId,
    position: row.position,
    kind: row.kind as QuestionKind,
    label: row.label,
    help: row.help,
    options: row.options,
    required: row.required,
    audience: row.audience as Question['audience'],
    useInMatching: row.useInMatching,
  };
}

interface QuestionShape {
  kind: QuestionKind;
  options: string[];
  useInMatching: boolean;
}

/** The options and matching flag a question of this kind may have; issues name the body field. */
function shapeQuestion(
  kind: QuestionKind,
  input: { options?: string[]; scale?: { min: number; max: number }; useInMatching?: boolean },
  current: QuestionShape | null,
): QuestionShape {
  const issues: FieldIssue[] = [];
  const kindChanged = current !== null && current.kind !== kind;
  let options = input.options ?? (kindChanged && textKinds.includes(kind) ? [] : (current?.options ?? []));
  const useInMatching =
    input.useInMatching ??
    (kindChanged && !choiceKinds.includes(kind) ? false : (current?.useInMatching ?? false));
  if (input.scale) {
    if (kind !== 'scale') issues.push({ path: 'body.scale', message: 'only scale questions have a scale' });
    else if (input.options?.length)
      issues.push({ path: 'body.scale', message: 'give either options (labels) or scale, not both' });
    else if (input.scale.max <= input.scale.min)
      issues.push({ path: 'body.scale.max', message: 'must be above min' });
    else {
      options = [];
      for (let point = input.scale.min; point <= input.scale.max; point++) options.push(String(point));
    }
  }
  if (textKinds.includes(kind)) {
    if (options.length > 0) issues.push({ path: 'body.options', message: 'text questions have no options' });
  } else {
    const keys = new Set(options.map((option) => option.toLowerCase()));
    if (options.length < 2) {
      issues.push({
        path: input.scale ? 'body.scale' : 'body.options',
        message:
          kind === 'scale' ? 'a scale needs at least 2 points' : 'a choice question needs at least 2 options',
      });
    } else if (keys.size !== options.length)
      issues.push({ path: 'body.options', message: 'options must be distinct' });
  }
  if (useInMatching && !choiceKinds.includes(kind)) {
    issues.push({
      path: 'body.useInMatching',
      message: 'only single- and multiple-choice questions can feed matching',
    });
  }
  if (issues.length > 0)
    throw new AppError('validation_failed', `${issues[0]!.path}: ${issues[0]!.message}`, { issues });
  return { kind, options, useInMatching };
}

/** The program's enrolment form, in order: any member who can see the program reads it to enrol. */
export async function listQuestions(ctx: AppContext, actor: Actor | null, programId: string) {
  const { program } = await programForMember(ctx, actor, programId);
  return { items: (await repo.listQuestions(ctx.db, program.organisationId, program.id)).map(toQuestion) };
}

/** The form as the enrolment rules read it. */
export async function formQuestions(
  db: Db,
  organisationId: string,
  programId: string,
): Promise<FormQuestion[]> {
  return (await repo.listQuestions(db, organisationId, programId)).map((row) => ({
    id: row.id,
    kind: row.kind as FormQuestion['kind'],
    options: row.options,
    required: row.required,
    audience: row.audience as FormQuestion['audience'],
  }));
}

export async function createQuestion(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  input: QuestionInput,
): Promise<Question> {
  return ctx.db.transaction(async (tx) => {
    const { actor: staff, program } = await programForStaff(ctx, actor, programId, tx);
    const shape = shapeQuestion(input.kind, input, null);
    const row = await repo.insertQuestion(tx, {
      organisationId: program.organisationId,
      programId: program.id,
      position: await repo.nextPosition(tx, program.id),
      label: input.label,
      help: input.help ?? null,
      required: input.required ?? false,
      audience: input.audience ?? 'both',
      ...shape,
    });
    await auditProgram(tx, ctx, staff, 'program.question_added', program.id, { questionId: row.id });
    return toQuestion(row);
  });
}

async function questionOf(tx: Db, programId: string, questionId: string) {
  const question = await repo.findQuestion(tx, programId, questionId);
  if (!question) throw notFound('Question');
  return question;
}

export async function updateQuestion(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  questionId: string,
  patch: QuestionUpdate,
): Promise<Question> {
  return ctx.db.transaction(async (tx) => {
    const { actor: staff, program } = await programForStaff(ctx, actor, programId, tx);
    const current = await questionOf(tx, program.id, questionId);
    const shape = shapeQuestion(patch.kind ?? (current.kind as QuestionKind), patch, {
      kind: current.kind as QuestionKind,
      options: current.options,
      useInMatching: current.useInMatching,
    });
    const row = await repo.updateQuestion(tx, current.id, {
      ...(patch.label !== undefined ? { label: patch.label } : {}),
      ...(patch.help !== undefined ? { help: patch.help } : {}),
      ...(patch.required !== undefined ? { required: patch.required } : {}),
      ...(patch.audience !== undefined ? { audience: patch.audience } : {}),
      ...shape,
    });
    await auditProgram(tx, ctx, staff, 'program.question_updated', program.id, { questionId: row.id });
    return toQuestion(row);
  });
}

/** Remove a question; answers already given stay on the enrolments but no longer count. */
export async function deleteQuestion(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  questionId: string,
) {
  await ctx.db.transaction(async (tx) => {
    const { actor: staff, program } = await programForStaff(ctx, actor, programId, tx);
    const current = await questionOf(tx, program.id, questionId);
    await repo.deleteQuestion(tx, current.id);
    await auditProgram(tx, ctx, staff, 'program.question_deleted', program.id, { questionId });
  });
}

/** Reorder the form: `ids` must list every question of the program exactly once. */
export async function reorderQuestions(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  ids: string[],
) {
  return ctx.db.transaction(async (tx) => {
    const { actor: staff, program } = await programForStaff(ctx, actor, programId, tx);
    const existing = await repo.listQuestions(tx, program.organisationId, program.id);
    const known = new Set(existing.map((row) => row.id));
    const given = new Set(ids);
    if (given.size !== ids.length) throw invalidField('body.ids', 'lists a question twice');
    const unknown = ids.findIndex((id) => !known.has(id));
    if (unknown >= 0) throw invalidField(`body.ids[${unknown}]`, 'not a question of this program');
    if (given.size !== known.size) throw invalidField('body.ids', 'must list every question of the program');
    await repo.setPositions(tx, program.id, ids);
    await auditProgram(tx, ctx, staff, 'program.questions_reordered', program.id, { ids });
    return { items: (await repo.listQuestions(tx, program.organisationId, program.id)).map(toQuestion) };
  });
}
