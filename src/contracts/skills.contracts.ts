import { z } from 'zod';

export const skill = z.object({ id: z.uuid(), name: z.string(), category: z.string().nullable() });
export type Skill = z.infer<typeof skill>;

export const skillList = z.object({ items: z.array(skill) });
export type SkillList = z.infer<typeof skillList>;

export const skillInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  category: z.string().trim().min(1).max(100).nullable().optional(),
});
export type SkillInput = z.infer<typeof skillInput>;
