"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Clock, LinkIcon, MailCheck, ShieldAlert, UserRoundPlus, type LucideIcon } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { useSwitchOrganization } from "@/hooks/use-organization";
import { messageOf } from "@/hooks/use-zod-form";
import { authHref } from "@/lib/redirects";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, type Role } from "@/lib/roles";
import { useTRPC } from "@/trpc/react";

interface InvitationPreview {
  organizationName: string;
  email: string;
  role: Role;
  expiresAt: Date;
  state: "valid" | "expired" | "used" | "revoked";
  message: string | null;
}

const STATE_ICONS: Record<Exclude<InvitationPreview["state"], "valid">, LucideIcon> = {
  expired: Clock,
  used: MailCheck,
  revoked: ShieldAlert,
};

function Panel({ icon: Icon, title, children }: { icon: LucideIcon; title: string; children: React.ReactNode }) {
  return (
    <Card className="p-6 sm:p-8">
      <div className="mb-4 flex size-11 items-center justify-center rounded-full border bg-muted/60 text-muted-foreground">
        <Icon className="size-5" aria-hidden />
      </div>
      <h1 className="text-lg font-semibold tracking-tight sm:text-xl">{title}</h1>
      <div className="mt-2 grid gap-5 text-sm leading-relaxed text-muted-foreground">{children}</div>
    </Card>
  );
}

export function InvitationView({
  token,
  preview,
  signedInEmail,
}: {
  token: string;
  preview: InvitationPreview | null;
  signedInEmail: string | null;
}) {
  const here = `/invite/${token}`;

  if (!preview) {
    return (
      <Panel icon={LinkIcon} title="This invitation link is not valid">
        <p>Check that you copied the whole link, or ask the person who invited you to send a new one.</p>
        <div>
          <Button asChild variant="secondary">
            <Link href={signedInEmail ? "/dashboard" : "/sign-in"}>{signedInEmail ? "Go to Recoup" : "Sign in"}</Link>
          </Button>
        </div>
      </Panel>
    );
  }

  if (preview.state !== "valid") {
    return (
      <Panel icon={STATE_ICONS[preview.state]} title={`Invitation to ${preview.organizationName}`}>
        <Alert variant="warning">{preview.message}</Alert>
        <div>
          <Button asChild variant="secondary">
            <Link href={signedInEmail ? "/dashboard" : authHref("/sign-in", { email: preview.email })}>
              {signedInEmail ? "Go to Recoup" : "Sign in"}
            </Link>
          </Button>
        </div>
      </Panel>
    );
  }

  return (
    <Panel icon={UserRoundPlus} title={`Join ${preview.organizationName} on Recoup`}>
      <p>
        You were invited as <Badge variant="primary">{ROLE_LABELS[preview.role]}</Badge>. {ROLE_DESCRIPTIONS[preview.role]}
      </p>
      <dl className="grid gap-2 rounded-lg border bg-muted/40 p-3.5 text-[13px] sm:grid-cols-[auto_1fr] sm:gap-x-6">
        <dt className="text-muted-foreground">Invitation for</dt>
        <dd className="font-medium text-foreground">{preview.email}</dd>
        <dt className="text-muted-foreground">Expires</dt>
        <dd className="text-foreground">
          <LocalTime date={preview.expiresAt} />
        </dd>
      </dl>
      {signedInEmail === null ? (
        <div className="grid gap-2 sm:flex">
          <Button asChild>
            <Link href={authHref("/sign-up", { callbackUrl: here, email: preview.email })}>Create an account</Link>
          </Button>
          <Button asChild variant="secondary">
            <Link href={authHref("/sign-in", { callbackUrl: here, email: preview.email })}>I already have an account</Link>
          </Button>
        </div>
      ) : signedInEmail.toLowerCase() !== preview.email.toLowerCase() ? (
        <OtherAccount invitedEmail={preview.email} signedInEmail={signedInEmail} here={here} />
      ) : (
        <AcceptInvitation token={token} organizationName={preview.organizationName} />
      )}
    </Panel>
  );
}

function OtherAccount({ invitedEmail, signedInEmail, here }: { invitedEmail: string; signedInEmail: string; here: string }) {
  const [signingOut, setSigningOut] = useState(false);
  return (
    <div className="grid gap-4">
      <Alert variant="warning" title="This invitation is for another email address">
        You are signed in as {signedInEmail}. Sign in as {invitedEmail} to accept it.
      </Alert>
      <div>
        <Button
          loading={signingOut}
          onClick={() => {
            setSigningOut(true);
            void signOut({ redirectTo: authHref("/sign-in", { callbackUrl: here, email: invitedEmail }) });
          }}
        >
          Sign out and switch account
        </Button>
      </div>
    </div>
  );
}

function AcceptInvitation({ token, organizationName }: { token: string; organizationName: string }) {
  const trpc = useTRPC();
  const accept = useMutation(trpc.invitation.accept.mutationOptions());
  const switchOrganization = useSwitchOrganization();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onAccept() {
    setPending(true);
    setError(null);
    try {
      const joined = await accept.mutateAsync({ token });
      await switchOrganization(joined.organizationId);
    } catch (caught) {
      setError(messageOf(caught));
      setPending(false);
    }
  }

  return (
    <div className="grid gap-4">
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      <div>
        <Button loading={pending} onClick={() => void onAccept()}>
          Accept and join {organizationName}
        </Button>
      </div>
    </div>
  );
}
