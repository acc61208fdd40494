import { parseAllDocuments } from 'yaml';

/**
 * Every document of a YAML file as plain values; undefined and a reason when the file does
 * not parse, so one broken file becomes one readable problem instead of an exception.
 */
export function parseYamlDocuments(
  text: string,
): { documents: unknown[] } | { error: string } {
  const documents = parseAllDocuments(text);
  for (const document of documents) {
    if (document.errors.length > 0) {
      return { error: document.errors[0].message.split('\n')[0] };
    }
  }
  return {
    documents: documents
      .map(document => document.toJS())
      .filter(value => value !== null && value !== undefined),
  };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
