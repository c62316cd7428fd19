import { AppError } from '../core/errors.ts';
import type { Actor } from './context.ts';

/** The caller must be signed in. */
export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new AppError('unauthenticated', 'Sign in to continue');
  return actor;
}

/** The caller must be an admin of their organisation. */
export function requireAdmin(actor: Actor | null): Actor {
  const signedIn = requireActor(actor);
  if (signedIn.role !== 'admin') throw new AppError('forbidden', 'Only an organisation admin can do this');
  return signedIn;
}
