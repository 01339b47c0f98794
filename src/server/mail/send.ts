import pino from "pino";

const log = pino({ name: "mail" });

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends through SMTP when `SMTP_URL` is set; otherwise reports that nothing was sent. Never throws. */
export async function sendMail(message: MailMessage): Promise<{ sent: boolean }> {
  const url = process.env.SMTP_URL;
  if (!url) return { sent: false };
  try {
    const nodemailer = await import("nodemailer");
    const transport = nodemailer.createTransport(url);
    await transport.sendMail({ from: process.env.SMTP_FROM ?? "Recoup <no-reply@recoup.local>", ...message });
    return { sent: true };
  } catch (error) {
    log.warn({ err: error, to: message.to }, "could not send mail");
    return { sent: false };
  }
}
