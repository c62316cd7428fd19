import type { AppContext } from '../../context.ts';

/** Where a signed unsubscribe token is used: the web page (footer link) and the one-click endpoint (RFC 8058). */
export function unsubscribeLinks(ctx: AppContext, token: string) {
  return {
    page: `${ctx.config.publicUrl}/unsubscribe/${token}`,
    oneClick: `${ctx.config.publicUrl}/api/unsubscribe/${token}`,
  };
}

/** The headers that let a mail client show its own Unsubscribe button, which posts to the one-click endpoint. */
export function unsubscribeHeaders(oneClickUrl: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${oneClickUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
