import { z } from 'zod';
import { humanIssueMessage } from './human-messages.ts';

// Every schema's messages are written for people (every contract imports this file, so this runs before any parse).
z.config({ customError: humanIssueMessage });

/** Every error the API returns has this shape. */
export const errorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown(),
  }),
});

export const idParams = z.strictObject({ id: z.uuid() });

export const paginationQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
};

/** A page of a list: the items, the total count, and where we are. */
export function paginated<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export type Paginated<T> = { items: T[]; total: number; page: number; pageSize: number };

export const isoDateTime = z.string().describe('ISO 8601 date-time');
export const email = z
  .email()
  .max(254)
  .transform((value) => value.trim().toLowerCase());
export const password = z.string().min(10, 'must be at least 10 characters').max(200);
