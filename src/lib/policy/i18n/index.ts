import type { PolicyLanguage } from "../settings";
import type { PolicyPhrases } from "./types";
import { de } from "./de";
import { en } from "./en";
import { ko } from "./ko";
import { pt } from "./pt";
import { zh } from "./zh";

export const PHRASES: Record<PolicyLanguage, PolicyPhrases> = { en, de, pt, zh, ko };

export { POLICY_SECTION_IDS, type PolicyPhrases, type PolicySectionId } from "./types";
