import { createTRPCRouter, publicProcedure } from "../api/trpc";
import { createUser, signUpSchema } from "./service";

export const authRouter = createTRPCRouter({
  signUp: publicProcedure.input(signUpSchema).mutation(({ ctx, input }) => createUser(ctx.db, input)),
});
