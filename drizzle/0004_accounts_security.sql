CREATE TABLE "token_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"token_hash" text NOT NULL,
	"ip" text NOT NULL,
	"succeeded" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "carries_secret" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "redacted_text_body" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "redacted_html_body" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "id" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
CREATE INDEX "token_attempts_token_idx" ON "token_attempts" USING btree ("token_hash","created_at");--> statement-breakpoint
CREATE INDEX "token_attempts_ip_idx" ON "token_attempts" USING btree ("ip","created_at");--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_id_unique" UNIQUE("id");--> statement-breakpoint
-- Invitations and password resets written before this migration hold live one-time links: mark them, and wipe the
-- links from the ones already delivered or given up (nobody needs them any more).
UPDATE "outbox" SET "carries_secret" = true WHERE "kind" IN ('invitation', 'password_reset');--> statement-breakpoint
UPDATE "outbox" SET "text_body" = 'This message held a one-time link; only its recipient could use it, so it is hidden here.', "html_body" = NULL WHERE "carries_secret" AND "status" <> 'pending';
