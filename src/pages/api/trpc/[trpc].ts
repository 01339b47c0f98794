import type { NextApiRequest, NextApiResponse } from "next";
import { incomingMessageToRequest } from "@trpc/server/adapters/node-http";
import { handleTrpcRequest } from "@/server/api/http";
import { encodeJson } from "@/server/http/compress";

export const config = { api: { bodyParser: false, responseLimit: false, externalResolver: true } };

export default async function trpc(req: NextApiRequest, res: NextApiResponse) {
  const request = incomingMessageToRequest(req, res, { maxBodySize: 1_000_000 });
  const response = await handleTrpcRequest(request);
  const { headers, body } = await encodeJson(request, response);
  res.statusCode = response.status;
  headers.forEach((value, name) => res.setHeader(name, value));
  res.end(body);
}
