/**
 * Offline validation of the Teams app manifest: the official 1.22 JSON Schema (draft-04, copied into
 * test/schemas/ from OfficeDev/microsoft-teams-app-schema) plus the few limits Teams documents but the
 * schema does not encode. Used by `npm run package` and by test/appPackage/manifest.test.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';

export const MANIFEST_SCHEMA_PATH = fileURLToPath(new URL('../test/schemas/MicrosoftTeams.v1.22.schema.json', import.meta.url));

/** Teams' documented limits for bot commands (the 1.22 schema allows 128 / 4000). */
export const COMMAND_TITLE_MAX = 32;
export const COMMAND_DESCRIPTION_MAX = 128;

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(MANIFEST_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  const Ajv = AjvDraft04.default;
  const ajv = new Ajv({
    allErrors: true,
    // The schema uses one format, "uri" (only on the `$schema` property). ajv-formats is not installed,
    // so "uri" is checked here with the WHATWG URL parser: an absolute URL with a scheme.
    formats: { uri: (value: string) => isAbsoluteUrl(value) },
    // The official schema is used as published; Ajv's strict mode refuses it (strictTypes: "missing type
    // 'object' for keyword 'additionalProperties'"), which is about schema style, not about what it checks.
    strict: false,
    logger: false,
  });
  compiled = ajv.compile(schema);
  return compiled;
}

function isAbsoluteUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(manifest)' : error.instancePath;
  const extra = error.keyword === 'additionalProperties'
    ? ` (${String((error.params as { additionalProperty?: unknown }).additionalProperty)})`
    : error.keyword === 'enum'
      ? ` (${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)})`
      : '';
  return `${where}: ${error.message ?? error.keyword}${extra}`;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks from Teams' documentation that the schema leaves out, for the parts this app uses. */
function teamsRules(manifest: Json): string[] {
  const errors: string[] = [];
  const text = JSON.stringify(manifest);
  const unresolved = text.match(/\$\{\{[A-Za-z0-9_]+\}\}/g);
  if (unresolved) errors.push(`unresolved placeholders: ${[...new Set(unresolved)].join(', ')}`);

  const developer = manifest.developer;
  if (isObject(developer)) {
    for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) {
      const url = developer[key];
      if (typeof url === 'string' && !/^https:\/\/[^/\s]+/i.test(url)) errors.push(`/developer/${key}: must be an https URL`);
    }
  }

  const domains = manifest.validDomains;
  if (Array.isArray(domains)) {
    domains.forEach((d, i) => {
      if (typeof d === 'string' && !/^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?$/.test(d)) {
        errors.push(`/validDomains/${i}: must be a host name without scheme or path, e.g. panel.example.gov.uk`);
      }
    });
  }

  const bots = manifest.bots;
  if (Array.isArray(bots)) {
    bots.forEach((bot, b) => {
      if (!isObject(bot) || !Array.isArray(bot.commandLists)) return;
      bot.commandLists.forEach((list, l) => {
        if (!isObject(list) || !Array.isArray(list.commands)) return;
        list.commands.forEach((command, c) => {
          if (!isObject(command)) return;
          const at = `/bots/${b}/commandLists/${l}/commands/${c}`;
          if (typeof command.title === 'string' && command.title.length > COMMAND_TITLE_MAX) {
            errors.push(`${at}/title: must NOT have more than ${COMMAND_TITLE_MAX} characters`);
          }
          if (typeof command.description === 'string' && command.description.length > COMMAND_DESCRIPTION_MAX) {
            errors.push(`${at}/description: must NOT have more than ${COMMAND_DESCRIPTION_MAX} characters`);
          }
        });
      });
    });
  }
  return errors;
}

/** Every problem that would stop Teams accepting this manifest (empty when it is valid). */
export function validateManifest(manifest: unknown): string[] {
  const validate = schemaValidator();
  const errors = validate(manifest) ? [] : (validate.errors ?? []).map(describe);
  if (isObject(manifest)) errors.push(...teamsRules(manifest));
  return errors;
}
