import { cache } from "react";
import { headers } from "next/headers";
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "../db/client";
import { isMember, resolveMembership } from "../tenancy/membership";
import { authenticate, ThrottledError } from "./service";
import { clientAddress } from "../http/client-address";
import { sessionFromHeaders } from "./session";

declare module "next-auth" {
  interface Session extends DefaultSession {
    user: { id: string; email: string; name: string } & DefaultSession["user"];
    organizationId: string | null;
  }
}

class ThrottledSignin extends CredentialsSignin {
  constructor(seconds: number) {
    super();
    // Only the wait travels to the browser; it reveals nothing about the account.
    this.code = `throttled_${seconds}`;
  }
}

const nextAuth = NextAuth({
  // Credentials sign-in needs JWT sessions (STACK.md pitfall 8).
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  trustHost: true,
  secret: process.env.AUTH_SECRET,
  pages: { signIn: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, request) {
        const email = typeof credentials?.email === "string" ? credentials.email : "";
        const password = typeof credentials?.password === "string" ? credentials.password : "";
        if (!email || !password) return null;
        try {
          return await authenticate(await getDb(), email, password, clientAddress(request.headers));
        } catch (error) {
          if (error instanceof ThrottledError) throw new ThrottledSignin(error.retryAfterSeconds);
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user, trigger, session }) {
      if (user?.id) {
        token.sub = user.id;
        token.name = user.name;
        token.email = user.email;
        const membership = await resolveMembership(await getDb(), user.id, null);
        token.organizationId = membership?.organizationId ?? null;
      }
      // Switching organization: the browser asks, the server checks the membership before storing it.
      if (trigger === "update" && token.sub) {
        const wanted = (session as { organizationId?: unknown } | undefined)?.organizationId;
        if (typeof wanted === "string" && (await isMember(await getDb(), token.sub, wanted))) {
          token.organizationId = wanted;
        }
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.sub ?? "";
      session.user.name = token.name ?? "";
      session.user.email = token.email ?? "";
      session.organizationId = (token.organizationId as string | null | undefined) ?? null;
      return session;
    },
  },
});

export const { handlers, signIn, signOut } = nextAuth;
/**
 * The signed-in user's session (or null), once per request however many components ask. Read from
 * the session cookie with Auth.js's own decoder and remembered per cookie value (./session.ts), not
 * through `nextAuth.auth()`, which runs Auth.js's whole session action — decrypt, re-encrypt, a
 * Request and a Response — on every call and then throws the refreshed cookie away.
 */
export const auth = cache(async () => sessionFromHeaders(await headers()));
