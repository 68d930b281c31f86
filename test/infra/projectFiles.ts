/**
 * Reading the provisioning files as the Microsoft 365 Agents Toolkit does, for the tests in this
 * folder: the project files (m365agents.yml, m365agents.local.yml), the environment files (env/),
 * the ARM parameters file and the Bicep under infra/. The Bicep is read with a few patterns that
 * fit how infra/azure.bicep is written (one declaration a line, app settings as name/value pairs);
 * the Bicep compiler is not available offline.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dotenv from 'dotenv';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const read = (rel: string): string => readFileSync(path.join(ROOT, rel), 'utf8');

// js-yaml comes with mocha (and is declared as a devDependency); it ships no types of its own.
const { load: loadYaml } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

export type Json = Record<string, unknown>;

/** A project file (m365agents.yml), parsed. */
export function projectFile(rel: string): Json {
  return loadYaml(read(rel)) as Json;
}

export interface Action {
  uses: string;
  name?: string;
  with?: Json;
  env?: Record<string, string>;
  writeToEnvironmentFile?: Record<string, string>;
}

export const STAGES = ['provision', 'deploy', 'publish'] as const;

export function actionsOf(project: Json, stage: (typeof STAGES)[number]): Action[] {
  return (project[stage] as Action[] | undefined) ?? [];
}

/** The `${{NAME}}` placeholders in a text (the toolkit's syntax), comments left out for YAML. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)].map((m) => m[1]!))];
}

/** The placeholders in a YAML file's content, not its comments. */
export function yamlPlaceholders(text: string): string[] {
  return placeholders(text.split('\n').filter((line) => !line.trim().startsWith('#')).join('\n'));
}

/** An environment file (env/.env.dev) as the toolkit loads it: every key, empty values included. */
export function envFile(name: string): Record<string, string> {
  return dotenv.parse(read(`env/.env.${name}`));
}

/** The variables the project's actions write to the environment file. */
export function writtenByActions(project: Json): Set<string> {
  const names = STAGES.flatMap((stage) => actionsOf(project, stage))
    .flatMap((action) => Object.values(action.writeToEnvironmentFile ?? {}));
  return new Set(names);
}

export interface BicepParam {
  name: string;
  type: string;
  /** The default as written (a string literal unquoted), if the parameter has one. */
  defaultValue?: string;
  secure: boolean;
}

export interface Bicep {
  text: string;
  params: Map<string, BicepParam>;
  vars: Map<string, string>;
  /** Output name → expression. */
  outputs: Map<string, string>;
  /** App setting name → value expression, in order. */
  appSettings: Map<string, string>;
}

/** A Bicep string literal's value, or undefined when `expression` is not one. */
export function stringLiteral(expression: string): string | undefined {
  const m = /^'((?:[^'\\]|\\.)*)'$/.exec(expression.trim());
  return m ? m[1]!.replace(/\\(.)/g, '$1') : undefined;
}

/** Everything after `//` that is not inside a string literal. */
function withoutComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && inString) { i++; continue; }
    if (c === '\'') inString = !inString;
    if (!inString && c === '/' && line[i + 1] === '/') return line.slice(0, i).trimEnd();
  }
  return line.trimEnd();
}

export function bicepFile(rel: string): Bicep {
  const text = read(rel);
  const lines = text.split('\n').map(withoutComment);
  const params = new Map<string, BicepParam>();
  const vars = new Map<string, string>();
  const outputs = new Map<string, string>();
  lines.forEach((line, i) => {
    const param = /^param (\w+) (\w+)(?: = (.+))?$/.exec(line);
    if (param) {
      // The decorators are the lines just above, up to a blank line or another declaration.
      let secure = false;
      for (let j = i - 1; j >= 0 && lines[j]!.trim() !== '' && !/^(param|var|resource|module|output) /.test(lines[j]!); j--) {
        if (lines[j]!.trim() === '@secure()') secure = true;
      }
      const raw = param[3];
      params.set(param[1]!, {
        name: param[1]!, type: param[2]!, secure,
        ...(raw !== undefined && { defaultValue: stringLiteral(raw) ?? raw }),
      });
    }
    const variable = /^var (\w+) = (.+)$/.exec(line);
    if (variable) vars.set(variable[1]!, variable[2]!);
    const output = /^output (\w+) \w+ = (.+)$/.exec(line);
    if (output) outputs.set(output[1]!, output[2]!);
  });

  const appSettings = new Map<string, string>();
  const start = lines.findIndex((l) => /^\s*appSettings: \[$/.test(l));
  if (start >= 0) {
    const indent = /^\s*/.exec(lines[start]!)![0];
    const end = lines.findIndex((l, i) => i > start && l === `${indent}]`);
    const block = lines.slice(start + 1, end).filter((l) => l.trim() !== '').join('\n');
    for (const m of block.matchAll(/name: '([^']+)'\n\s*value: (.+)/g)) appSettings.set(m[1]!, m[2]!.trim());
  }
  return { text, params, vars, outputs, appSettings };
}
