/**
 * tRPC wiring, in three parts:
 * 1. CONTEXT: what every procedure gets (database, session, headers, request id).
 * 2. INITIALISATION: the transformer (superjson's format, src/lib/transformer.ts), the Zod-aware error formatter, the one error map.
 * 3. PROCEDURES: the ladder public → signed in → organization member → permission. The tenant always
 *    comes from the session and the membership table, never from input.
 */
import { randomUUID } from "node:crypto";
import { initTRPC, TRPCError } from "@trpc/server";
import { transformer } from "@/lib/transformer";
import { ZodError, z } from "zod";
import type { Db, Tx } from "../db/client";
import { can, type Permission } from "@/lib/roles";
import { enterMembership, type ResolvedMembership } from "../tenancy/membership";
import { lockOrganizationWriters, type Actor } from "../audit/record";
import { toTRPCError } from "./errors";
import { DomainError } from "../errors";

// 1. CONTEXT -----------------------------------------------------------------------------------------

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}
export interface AppSession {
  user: SessionUser;
  /** The organization the user last chose; re-checked against memberships on every request. */
  organizationId?: string | null;
}

export interface CreateContextOptions {
  db: Db;
  session: AppSession | null;
  headers: Headers;
  requestId?: string;
  /**
   * One HTTP request: the queries of its batch (a screen sends two to four together) share one
   * transaction and its membership lookup. Off for callers that live across requests (tests, scripts).
   */
  perRequest?: boolean;
}

export function createTRPCContext(opts: CreateContextOptions) {
  return {
    db: opts.db,
    /** The database itself, for work that must outlive the request's transaction (background jobs). */
    rootDb: opts.db,
    session: opts.session,
    headers: opts.headers,
    requestId: opts.requestId ?? opts.headers.get("x-request-id") ?? randomUUID(),
    /** The transaction the request's concurrent queries share (`perRequest`; see orgProcedure). */
    sharedReads: opts.perRequest ? ({ current: null } as { current: SharedReads | null }) : null,
  };
}

/**
 * One tenant transaction that the queries of one HTTP request share while they run together (a
 * screen sends two to four in one batch). Their statements go down one connection, pipelined, after
 * one BEGIN and one tenant statement, instead of BEGIN, tenant, statements and COMMIT on a connection
 * each: half the round trips of a typical batch. It commits when the last of them leaves; a query that
 * starts after that opens the next one.
 */
interface SharedReads {
  /** Whose transaction: the user and the organization the session chose. */
  key: string;
  /** The transaction, entered for the member's organization; without a membership, nothing was entered. */
  tx: Promise<{ tx: Tx; membership: ResolvedMembership | null }>;
  users: number;
  end: () => void;
}

function joinSharedReads(
  db: Db,
  holder: { current: SharedReads | null },
  key: string,
  enter: (tx: Tx) => Promise<ResolvedMembership | null>,
): SharedReads | null {
  const open = holder.current;
  if (open) {
    if (open.key !== key) return null;
    open.users++;
    return open;
  }
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  let opened!: (value: { tx: Tx; membership: ResolvedMembership | null }) => void;
  let failed!: (error: unknown) => void;
  const tx = new Promise<{ tx: Tx; membership: ResolvedMembership | null }>((resolve, reject) => ((opened = resolve), (failed = reject)));
  const shared: SharedReads = { key, tx, users: 1, end };
  holder.current = shared;
  db.transaction(async (t: Tx) => {
    opened({ tx: t, membership: await enter(t) });
    await ended;
  }).catch((error: unknown) => {
    // Opening failed (the users see it through `tx`), or a user's statement failed and Postgres
    // rolled the transaction back at its end (that user has its own error already).
    failed(error);
    if (holder.current === shared) holder.current = null;
  });
  return shared;
}

function leaveSharedReads(holder: { current: SharedReads | null }, shared: SharedReads) {
  if (--shared.users > 0) return;
  if (holder.current === shared) holder.current = null;
  // The COMMIT of a read-only transaction changes nothing anyone waits for: it goes out on the next
  // turn of the event loop, after the request's answer has been written, not before.
  setImmediate(shared.end);
}

/** A statement refused because another statement of the same transaction failed (SQLSTATE 25P02). */
function abortedByAnother(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === "25P02") return true;
  }
  return false;
}
export type Context = ReturnType<typeof createTRPCContext>;

// 2. INITIALISATION ----------------------------------------------------------------------------------

const t = initTRPC.context<Context>().create({
  transformer,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
    const message = zodError ? describeZodError(error.cause as ZodError) : shape.message;
    return {
      ...shape,
      message,
      data: {
        ...shape.data,
        // Never leak internals in a 500: the message is generic and the stack stays on the server.
        stack: undefined,
        zodError,
      },
    };
  },
});

function describeZodError(error: ZodError): string {
  const first = error.issues[0];
  if (!first) return "The request is not valid.";
  const field = first.path.length ? `${first.path.join(".")}: ` : "";
  return `${field}${first.message}`;
}

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

// 3. PROCEDURES --------------------------------------------------------------------------------------

/** Turns domain and database errors into their tRPC codes, whatever the procedure threw. */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error);
    if (mapped !== result.error) return { ...result, error: mapped };
  }
  return result;
});

export const publicProcedure = t.procedure.use(errorMapping);

export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.session?.user?.id) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  }
  return next({ ctx: { ...ctx, session: ctx.session, user: ctx.session.user } });
});

class Rollback extends Error {}

/**
 * A member of an organization. The whole procedure runs in one transaction whose first statement
 * resolves the membership from the session and enters that organization under the row-level-security
 * role (`enterMembership`), so a mutation's read, state check, write and audit event commit or roll
 * back together, and each transaction acts on the membership as it is when it starts.
 */
export const orgProcedure = protectedProcedure.use(async ({ ctx, next, type }) => {
  const enter = (tx: Tx) => enterMembership(tx, ctx.user.id, ctx.session.organizationId);
  const run = (tx: Tx, membership: ResolvedMembership | null) => {
    if (!membership) {
      throw new TRPCError({
        code: "PRECONDITION_FAILED",
        message: "You are not a member of any organization yet. Create one or accept an invitation.",
      });
    }
    const actor: Actor = { type: "user", id: ctx.user.id, label: ctx.user.name || ctx.user.email };
    return next({ ctx: { ...ctx, db: tx, tx, membership, organizationId: membership.organizationId, actor } });
  };
  // The queries of one HTTP request share a transaction (see SharedReads). Should one of them fail a
  // statement, Postgres refuses the others' statements from then on: those run again on their own.
  const key = `${ctx.user.id}|${ctx.session.organizationId ?? ""}`;
  const shared = type === "query" && ctx.sharedReads ? joinSharedReads(ctx.db, ctx.sharedReads, key, enter) : null;
  if (shared) {
    let result: Awaited<ReturnType<typeof run>>;
    try {
      const opened = await shared.tx;
      result = await run(opened.tx, opened.membership);
    } finally {
      leaveSharedReads(ctx.sharedReads!, shared);
    }
    if (result.ok || !abortedByAnother(result.error)) return result;
  }
  let failure: Awaited<ReturnType<typeof run>> | undefined;
  try {
    return await ctx.db.transaction(async (tx: Tx) => {
      const membership = await enter(tx);
      // Writers of one organization go one at a time, from their first write (see lockOrganizationWriters).
      if (membership && type === "mutation") await lockOrganizationWriters(tx, membership.organizationId);
      const result = await run(tx, membership);
      if (!result.ok) {
        failure = result;
        throw new Rollback();
      }
      return result;
    });
  } catch (error) {
    if (failure) return failure;
    throw error;
  }
});

/** The caller must hold `permission` (SPEC §8); a denial names the missing permission. */
export function permissionProcedure(permission: Permission) {
  return orgProcedure.use(({ ctx, next }) => {
    if (!can(ctx.membership.role, permission)) {
      throw new DomainError(
        "FORBIDDEN",
        `You need the "${permission}" permission for this; your role (${ctx.membership.role}) does not have it.`,
      );
    }
    return next();
  });
}

/** Throws NOT_FOUND, exactly as for a store that does not exist, when a client may not see it. */
export function assertStoreVisible(membership: ResolvedMembership, storeId: string): void {
  if (membership.storeIds && !membership.storeIds.includes(storeId)) {
    throw new DomainError("NOT_FOUND", "Store was not found.");
  }
}
