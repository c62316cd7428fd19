import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from './context.ts';
import type { SessionMeta } from './features/accounts/accounts.service.ts';

/** The one cookie Trellis sets: the session token. */
export const SESSION_COOKIE = 'trellis_session';

/** Put the session token in the cookie: HttpOnly, SameSite=Lax, Secure unless configured off for plain HTTP. */
export function setSessionCookie(reply: FastifyReply, token: string, ctx: AppContext): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    secure: ctx.config.cookieSecure,
    sameSite: 'lax',
    path: '/',
    maxAge: ctx.config.sessionTtlHours * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply, ctx: AppContext): void {
  reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    secure: ctx.config.cookieSecure,
    sameSite: 'lax',
    path: '/',
  });
}

export function sessionTokenOf(request: FastifyRequest): string | undefined {
  return request.cookies[SESSION_COOKIE];
}

export function sessionMetaOf(request: FastifyRequest): SessionMeta {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}
