/**
 * `npm run package`: fills the `${{NAME}}` placeholders in appPackage/manifest.json from the environment
 * (and `.env`), adds the bot's command menus made from the command table (src/bot/commandTable.ts), so
 * they cannot drift from what the bot answers, validates the result against the official Teams manifest
 * schema and zips it with the two icons into appPackage/build/appPackage.zip, ready to upload in Teams
 * admin center or the Teams client.
 *
 *   npm run package                         # reads .env if present
 *   npm run package -- --env-file env/.env.dev --out /tmp/panel.zip
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';
import dotenv from 'dotenv';
import { PNG } from 'pngjs';
import { COMMANDS } from '../src/bot/commandTable.js';
import { ALL_SCOPES, inRankOrder, type Command, type CommandScope } from '../src/bot/commands.js';
import { validateManifest } from './manifestSchema.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const APP_PACKAGE_DIR = path.join(ROOT, 'appPackage');
export const DEFAULT_MANIFEST_PATH = path.join(APP_PACKAGE_DIR, 'manifest.json');
export const DEFAULT_OUTPUT_PATH = path.join(APP_PACKAGE_DIR, 'build', 'appPackage.zip');

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/** A placeholder the manifest may use, with how to check it and what it falls back to. */
interface Variable {
  /** Shown in the message when the value is missing or wrong. */
  hint: string;
  check?: (value: string) => boolean;
  /** Used (with a warning) when the variable is unset; no default means it is required. */
  fallback?: (env: NodeJS.ProcessEnv) => string | undefined;
  /** Whether using the fallback deserves a warning (placeholder values a council must replace). */
  warnOnFallback?: boolean;
}

const httpsUrl = (v: string): boolean => /^https:\/\/[^/\s]+\S*$/i.test(v);

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '1.0.0';
}

/** The placeholders appPackage/manifest.json uses. */
export const VARIABLES: Record<string, Variable> = {
  TEAMS_APP_ID: { hint: 'the Teams app id, a GUID you generate once per app (e.g. with `uuidgen`)', check: (v) => GUID.test(v) },
  BOT_ID: {
    hint: 'the bot\'s Microsoft App ID (Entra app registration client id, a GUID); MicrosoftAppId is used when BOT_ID is unset',
    check: (v) => GUID.test(v),
    fallback: (env) => nonEmpty(env.MicrosoftAppId),
  },
  BOT_DOMAIN: {
    hint: 'the host name the bot is served from, without https:// or a path (e.g. panel.example.gov.uk)',
    check: (v) => /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?$/.test(v),
  },
  APP_VERSION: {
    hint: 'the app version, major.minor.patch; raise it for every upload that replaces an earlier one',
    check: (v) => /^\d+\.\d+\.\d+$/.test(v),
    fallback: () => packageVersion(),
  },
  DEVELOPER_NAME: {
    hint: 'the publisher shown in Teams, at most 32 characters (e.g. the council\'s name)',
    check: (v) => v.length <= 32,
    fallback: () => 'Children\'s Services',
    warnOnFallback: true,
  },
  DEVELOPER_WEBSITE_URL: {
    hint: 'an https URL of the page with support information',
    check: httpsUrl,
    fallback: () => 'https://www.example.org/placement-panel',
    warnOnFallback: true,
  },
  DEVELOPER_PRIVACY_URL: {
    hint: 'an https URL of the privacy notice covering the bot',
    check: httpsUrl,
    fallback: (env) => `${(nonEmpty(env.DEVELOPER_WEBSITE_URL) ?? 'https://www.example.org/placement-panel').replace(/\/+$/, '')}/privacy`,
    warnOnFallback: true,
  },
  DEVELOPER_TERMS_URL: {
    hint: 'an https URL of the terms of use',
    check: httpsUrl,
    fallback: (env) => `${(nonEmpty(env.DEVELOPER_WEBSITE_URL) ?? 'https://www.example.org/placement-panel').replace(/\/+$/, '')}/terms`,
    warnOnFallback: true,
  },
};

/** Placeholders that may be left unset: the manifest entry holding them is dropped, with a warning. */
const DROPPABLE = new Set(['BOT_DOMAIN']);

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v === undefined || v === '' ? undefined : v;
}

/** Packaging stopped: `message` says which variable or file to fix. */
export class PackagingError extends Error {
  override name = 'PackagingError';
}

export interface PackageOptions {
  env?: NodeJS.ProcessEnv;
  manifestPath?: string;
  outputPath?: string;
  /** The table whose listings make the command menus; the bot's own unless a test gives another. */
  commands?: readonly Command[];
}

export interface PackageResult {
  outputPath: string;
  /** The filled manifest as written into the zip. */
  manifest: Record<string, unknown>;
  warnings: string[];
}

/** The manifest text with every `${{NAME}}` replaced, or the reasons it cannot be. */
export function fillPlaceholders(template: string, env: NodeJS.ProcessEnv): { text: string; warnings: string[]; problems: string[] } {
  const names = [...new Set([...template.matchAll(/\$\{\{([A-Za-z0-9_]+)\}\}/g)].map((m) => m[1] as string))];
  const warnings: string[] = [];
  const problems: string[] = [];
  const values = new Map<string, string | undefined>();
  for (const name of names) {
    const variable = VARIABLES[name];
    let value = nonEmpty(env[name]);
    if (value === undefined && variable?.fallback) {
      value = variable.fallback(env);
      if (value !== undefined && variable.warnOnFallback) warnings.push(`${name} is not set: using "${value}" — set it before publishing to your tenant`);
    }
    if (value === undefined) {
      if (DROPPABLE.has(name)) {
        warnings.push(`${name} is not set: leaving it out of the manifest (${variable?.hint ?? ''})`);
      } else {
        problems.push(`${name} is not set: ${variable?.hint ?? 'the manifest uses it'}`);
      }
    } else if (variable?.check && !variable.check(value)) {
      problems.push(`${name} is not valid ("${value}"): ${variable.hint}`);
    }
    values.set(name, value);
  }
  if (problems.length > 0) return { text: template, warnings, problems };

  // Drop array entries and properties that consist only of an unset optional placeholder.
  let text = template;
  for (const [name, value] of values) {
    if (value !== undefined) continue;
    const token = `"\\$\\{\\{${name}\\}\\}"`;
    text = text.replace(new RegExp(`,\\s*${token}|${token}\\s*,?`, 'g'), '');
  }
  text = text.replace(/\$\{\{([A-Za-z0-9_]+)\}\}/g, (_, name: string) => JSON.stringify(values.get(name) ?? '').slice(1, -1));
  return { text, warnings, problems };
}

export interface CommandList {
  scopes: CommandScope[];
  commands: { title: string; description: string }[];
}

/** `bots[0].commandLists`: one menu per scope, of the listed commands that ask for it, in rank order. */
export function commandListsOf(commands: readonly Command[]): CommandList[] {
  const ranked = inRankOrder(commands);
  return ALL_SCOPES.flatMap((scope) => {
    const menu = ranked.flatMap(({ listing }) => (listing?.menu?.includes(scope) ? [{ title: listing.title, description: listing.description }] : []));
    return menu.length === 0 ? [] : [{ scopes: [scope], commands: menu }];
  });
}

/**
 * The manifest as it goes into the zip, not yet validated: placeholders filled and the command menus
 * made from `commands`. The template must not hold menus of its own, which would go stale.
 */
export function buildManifest(template: string, env: NodeJS.ProcessEnv, commands: readonly Command[] = COMMANDS): { manifest: Record<string, unknown>; warnings: string[] } {
  const filled = fillPlaceholders(template, env);
  if (filled.problems.length > 0) {
    throw new PackagingError(`Cannot package the Teams app:\n${filled.problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  const manifest = JSON.parse(filled.text) as Record<string, unknown>;
  const bot = Array.isArray(manifest.bots) ? (manifest.bots[0] as Record<string, unknown> | undefined) : undefined;
  if (typeof bot !== 'object' || bot === null) throw new PackagingError('The manifest declares no bot (bots[0])');
  if ('commandLists' in bot) {
    throw new PackagingError('The manifest template has bots[0].commandLists: remove them, they are made from the command table (src/bot/commandTable.ts)');
  }
  const lists = commandListsOf(commands);
  if (lists.length > 0) bot.commandLists = lists;
  return { manifest, warnings: filled.warnings };
}

/** Problems with the icons the manifest names: missing files, wrong sizes, an outline that is not white on transparent. */
export function checkIcons(manifest: Record<string, unknown>, dir: string): string[] {
  const icons = (manifest.icons ?? {}) as { color?: unknown; outline?: unknown };
  const problems: string[] = [];
  const expect = [['color', icons.color, 192], ['outline', icons.outline, 32]] as const;
  for (const [kind, file, size] of expect) {
    if (typeof file !== 'string') { problems.push(`icons.${kind} is missing`); continue; }
    const full = path.join(dir, file);
    if (!existsSync(full)) { problems.push(`icons.${kind}: ${full} does not exist (run \`npm run icons\`)`); continue; }
    const png = PNG.sync.read(readFileSync(full));
    if (png.width !== size || png.height !== size) problems.push(`icons.${kind}: ${file} is ${png.width}×${png.height}, Teams needs ${size}×${size}`);
    if (kind === 'outline' && !isWhiteOnTransparent(png)) problems.push(`icons.outline: ${file} must hold only white and fully transparent pixels`);
  }
  return problems;
}

/** Whether every pixel is either fully transparent or opaque white. */
export function isWhiteOnTransparent(png: PNG): boolean {
  const d = png.data;
  for (let i = 0; i < d.length; i += 4) {
    const alpha = d[i + 3];
    if (alpha === 0) continue;
    if (alpha !== 255 || d[i] !== 255 || d[i + 1] !== 255 || d[i + 2] !== 255) return false;
  }
  return true;
}

/** Builds the Teams app package zip (manifest.json, color.png, outline.png) and says where it went. */
export function packageApp(options: PackageOptions = {}): PackageResult {
  const env = options.env ?? process.env;
  const manifestPath = options.manifestPath ?? DEFAULT_MANIFEST_PATH;
  const outputPath = options.outputPath ?? DEFAULT_OUTPUT_PATH;
  const dir = path.dirname(manifestPath);

  const { manifest, warnings } = buildManifest(readFileSync(manifestPath, 'utf8'), env, options.commands);
  const errors = [...validateManifest(manifest), ...checkIcons(manifest, dir)];
  if (errors.length > 0) {
    throw new PackagingError(`The filled manifest is not valid for Teams (manifest schema 1.22):\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  }

  const icons = manifest.icons as { color: string; outline: string };
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
  zip.addFile(path.basename(icons.color), readFileSync(path.join(dir, icons.color)));
  zip.addFile(path.basename(icons.outline), readFileSync(path.join(dir, icons.outline)));
  mkdirSync(path.dirname(outputPath), { recursive: true });
  writeFileSync(outputPath, zip.toBuffer());
  return { outputPath, manifest, warnings };
}

function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

function main(): void {
  const args = process.argv.slice(2);
  const envFile = argValue(args, '--env-file') ?? path.join(ROOT, '.env');
  if (existsSync(envFile)) dotenv.config({ path: envFile, quiet: true });
  else if (argValue(args, '--env-file') !== undefined) throw new PackagingError(`--env-file ${envFile} does not exist`);
  const out = argValue(args, '--out');
  const result = packageApp({ outputPath: out === undefined ? undefined : path.resolve(out) });
  for (const w of result.warnings) console.warn(`warning: ${w}`);
  console.log(`Teams app package written to ${path.relative(process.cwd(), result.outputPath) || result.outputPath}`);
  console.log(`  app id ${String(result.manifest.id)}, version ${String(result.manifest.version)}`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof PackagingError ? error.message : error);
    process.exitCode = 1;
  }
}
