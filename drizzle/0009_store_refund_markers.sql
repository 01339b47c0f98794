-- A store refund that adds nothing new (already counted through a reported total) is remembered as
-- a zero entry, so the next refund is not mistaken for it.
ALTER TABLE "money_movements" DROP CONSTRAINT "money_movements_amount_sign";--> statement-breakpoint
ALTER TABLE "money_movements" ADD CONSTRAINT "money_movements_amount_sign" CHECK ((type = 'customer_refund_correction') or amount_minor > 0 or (source = 'store' and amount_minor = 0));