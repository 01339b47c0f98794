import { describeIssues, policySettingsFileSchema, TEMPLATE_FORMAT, type PolicySettingsFile } from "./settings";

export type ParsedPolicyFile = { ok: true; settings: PolicySettingsFile } | { ok: false; errors: string[] };

/**
 * Reads a settings file: either a template exported from the builder ({"format":
 * "recoup-policy-template", "settings": {…}}) or bare settings. Contact fields are optional (the
 * store keeps its own); anything unknown or wrong is listed, one line per problem, with its path.
 */
export function parsePolicyFile(text: string): ParsedPolicyFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`The file is not valid JSON: ${(error as Error).message}`] };
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) return { ok: false, errors: ["The file must hold one JSON object of policy settings."] };
  let body = json as Record<string, unknown>;
  let prefix = "";
  if ("format" in body) {
    if (body.format !== TEMPLATE_FORMAT) return { ok: false, errors: [`format: expected "${TEMPLATE_FORMAT}", found ${JSON.stringify(body.format)}.`] };
    if (!body.settings || typeof body.settings !== "object") return { ok: false, errors: ["settings: is missing: a template holds its settings under \"settings\"."] };
    body = body.settings as Record<string, unknown>;
    prefix = "settings";
  }
  const parsed = policySettingsFileSchema.safeParse(body);
  return parsed.success ? { ok: true, settings: parsed.data } : { ok: false, errors: describeIssues(parsed.error, prefix) };
}
